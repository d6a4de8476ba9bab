//! Values that must be unique within an event (a delegate's e-mail, an exhibitor's name),
//! checked across the stored records and the rows of the file.

use std::collections::HashMap;

/// Who already has a value: a stored record or an earlier row of the file.
#[derive(Debug, Clone, Copy)]
enum Holder {
    Stored(i64),
    Row(u64),
}

/// The values taken so far, compared without regard to case.
#[derive(Debug)]
pub struct Unique {
    taken: HashMap<String, Holder>,
    /// The record's noun and the value's name, for messages ("delegate", "e-mail").
    noun: &'static str,
    what: &'static str,
}

impl Unique {
    /// The values `stored` records (id, value) hold.
    pub fn new(
        noun: &'static str,
        what: &'static str,
        stored: impl IntoIterator<Item = (i64, String)>,
    ) -> Self {
        let taken = stored
            .into_iter()
            .map(|(id, value)| (value.trim().to_lowercase(), Holder::Stored(id)))
            .collect();
        Self { taken, noun, what }
    }

    /// Takes `value` for `row`, or says who has it already.
    pub fn claim(&mut self, row: u64, value: &str) -> Result<(), String> {
        let key = value.trim().to_lowercase();
        match self.taken.get(&key) {
            Some(Holder::Stored(id)) => Err(format!(
                "{} {id} at this event already has this {}",
                self.noun, self.what
            )),
            Some(Holder::Row(first)) => Err(format!("row {first} has the same {}", self.what)),
            None => {
                self.taken.insert(key, Holder::Row(row));
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Unique;

    #[test]
    fn names_the_stored_record_or_the_first_row() {
        let mut emails = Unique::new("delegate", "e-mail", [(7, "A@x.example".to_owned())]);
        assert_eq!(
            emails.claim(2, "a@X.example"),
            Err("delegate 7 at this event already has this e-mail".into())
        );
        assert_eq!(emails.claim(3, "b@x.example"), Ok(()));
        assert_eq!(
            emails.claim(9, " B@x.example"),
            Err("row 3 has the same e-mail".into())
        );
    }
}
