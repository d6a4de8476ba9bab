//! A CSV file read for import: RFC 4180 (quoted fields may hold commas, quotes and line
//! breaks), UTF-8 with or without a byte order mark, the first row naming the columns.
//! Every problem is reported with its row and column, numbered as a spreadsheet does.

use super::Column;
use crate::error::FieldError;

/// The rows of a file, cells aligned with `columns`.
#[derive(Debug)]
pub struct Table {
    /// The header's column names, trimmed and lower-cased.
    pub columns: Vec<String>,
    pub records: Vec<Record>,
}

/// One data row (rows of empty cells are skipped).
#[derive(Debug)]
pub struct Record {
    /// The record's number, as a spreadsheet numbers its rows: the header is row 1 (empty
    /// lines are not rows; a quoted cell spanning lines stays in its row).
    pub row: u64,
    /// One cell per column of the header, as written (`Cells` trims them).
    pub cells: Vec<String>,
}

/// Reads `bytes` as CSV whose header may name `known` columns (and `ignored` ones, which
/// are read past). Returns the table, or every error found in the file's shape.
pub fn read(bytes: &[u8], known: &[Column], ignored: &[&str]) -> Result<Table, Vec<FieldError>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(vec![FieldError::in_row(
            1,
            "file",
            "the file is empty; its first row must name the columns",
        )]);
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut errors = Vec::new();
    let mut columns: Option<Vec<String>> = None;
    let mut records = Vec::new();
    for (index, record) in reader.byte_records().enumerate() {
        let row = index as u64 + 1;
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                errors.push(FieldError::in_row(
                    row,
                    "file",
                    format!("unreadable CSV: {error}"),
                ));
                break;
            }
        };
        let cells = decode(row, &record, columns.as_deref(), &mut errors);
        match &columns {
            None => {
                let header: Vec<String> = cells
                    .iter()
                    .map(|name| name.trim().to_lowercase().replace(' ', "_"))
                    .collect();
                errors.extend(check_header(&header, known, ignored));
                columns = Some(header);
            }
            Some(header) => {
                if cells.iter().all(|cell| cell.trim().is_empty()) {
                    continue;
                }
                if let Some(cells) = aligned(row, cells, header.len(), &mut errors) {
                    records.push(Record { row, cells });
                }
            }
        }
    }
    match columns {
        Some(columns) if errors.is_empty() => Ok(Table { columns, records }),
        _ => Err(errors),
    }
}

/// The record's cells as text; cells that are not UTF-8 or hold NUL are errors.
fn decode(
    row: u64,
    record: &csv::ByteRecord,
    header: Option<&[String]>,
    errors: &mut Vec<FieldError>,
) -> Vec<String> {
    record
        .iter()
        .enumerate()
        .map(|(index, bytes)| {
            let column = header
                .and_then(|h| h.get(index))
                .map_or_else(|| format!("column {}", index + 1), Clone::clone);
            match std::str::from_utf8(bytes) {
                Ok(text) if text.contains('\0') => {
                    errors.push(FieldError::in_row(
                        row,
                        column,
                        "may not contain NUL characters",
                    ));
                    String::new()
                }
                Ok(text) => text.to_owned(),
                Err(_) => {
                    errors.push(FieldError::in_row(
                        row,
                        column,
                        "is not UTF-8 text; save the file as \"CSV UTF-8\"",
                    ));
                    String::new()
                }
            }
        })
        .collect()
}

fn check_header(header: &[String], known: &[Column], ignored: &[&str]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for (index, name) in header.iter().enumerate() {
        if name.is_empty() {
            errors.push(FieldError::in_row(
                1,
                format!("column {}", index + 1),
                "the header names no column here",
            ));
        } else if header[..index].contains(name) {
            errors.push(FieldError::in_row(1, name, "the column is named twice"));
        } else if !known.iter().any(|c| c.name == name) && !ignored.contains(&name.as_str()) {
            let names: Vec<&str> = known.iter().map(|c| c.name).collect();
            errors.push(FieldError::in_row(
                1,
                name,
                format!("unknown column; the columns are {}", names.join(", ")),
            ));
        }
    }
    for column in known.iter().filter(|c| c.required) {
        if !header.iter().any(|name| name == column.name) {
            errors.push(FieldError::in_row(1, column.name, "the column is required"));
        }
    }
    errors
}

/// Cells padded to the header's width (trailing empty cells may be left out); more cells
/// than columns is an error unless the extra ones are empty.
fn aligned(
    row: u64,
    mut cells: Vec<String>,
    width: usize,
    errors: &mut Vec<FieldError>,
) -> Option<Vec<String>> {
    if cells.len() > width && cells[width..].iter().any(|c| !c.trim().is_empty()) {
        errors.push(FieldError::in_row(
            row,
            "row",
            format!(
                "has {} cells; the header names {width} columns",
                cells.len()
            ),
        ));
        return None;
    }
    cells.resize(width, String::new());
    Some(cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: &[Column] = &[Column::required("name"), Column::optional("note")];

    fn errors_of(text: &[u8]) -> Vec<(u64, String)> {
        read(text, COLUMNS, &["id"])
            .expect_err("errors")
            .into_iter()
            .map(|e| (e.row.unwrap_or(0), e.field))
            .collect()
    }

    #[test]
    fn reads_quoted_cells_with_or_without_a_byte_order_mark() {
        for prefix in ["", "\u{feff}"] {
            let text = format!(
                "{prefix} Name ,Note,id\r\n\"Harbin, PRC\",\"say \"\"hi\"\"\nnow\",7\n\n,,\nOulu\n"
            );
            let table = read(text.as_bytes(), COLUMNS, &["id"]).expect("valid");
            assert_eq!(table.columns, ["name", "note", "id"]);
            assert_eq!(table.records.len(), 2);
            assert_eq!(
                table.records[0].cells,
                ["Harbin, PRC", "say \"hi\"\nnow", "7"]
            );
            assert_eq!(
                (table.records[1].row, table.records[1].cells[0].as_str()),
                (4, "Oulu")
            );
        }
    }

    #[test]
    fn names_the_row_and_column_of_every_problem() {
        assert_eq!(
            errors_of(b"note,colour\n"),
            [(1, "colour".into()), (1, "name".into())]
        );
        assert_eq!(errors_of(b"name,name\n"), [(1, "name".into())]);
        assert_eq!(errors_of(b"name\nOulu,extra\n"), [(2, "row".into())]);
        assert_eq!(errors_of(b"name,note\nOulu,\xff\n"), [(2, "note".into())]);
        assert_eq!(errors_of(b" \r\n"), [(1, "file".into())]);
    }
}
