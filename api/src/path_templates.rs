//! Which documented path template a request path belongs to, answered by walking a tree of
//! segments (a few steps per request) instead of testing every template in turn. Routing's
//! 404/405 and the partner guard's operation table both ask it, so they agree on every path.

use std::collections::HashMap;

use actix_web::http::Method;
use utoipa::openapi::path::{Operation, PathItem};

/// The operations of one path of the spec, by method.
pub fn operations_of(item: &PathItem) -> impl Iterator<Item = (Method, &Operation)> {
    [
        (Method::GET, item.get.as_ref()),
        (Method::POST, item.post.as_ref()),
        (Method::PUT, item.put.as_ref()),
        (Method::PATCH, item.patch.as_ref()),
        (Method::DELETE, item.delete.as_ref()),
    ]
    .into_iter()
    .filter_map(|(method, operation)| Some((method, operation?)))
}

/// The templates of the OpenAPI document (`/api/v1/events/{event}/delegates/{id}`), each
/// with a value of type `T`.
#[derive(Debug)]
pub struct PathTemplates<T> {
    root: Node,
    entries: Vec<Entry<T>>,
}

#[derive(Debug)]
struct Entry<T> {
    /// The segments of the template, `{name}` for a parameter.
    segments: Vec<String>,
    literals: usize,
    value: T,
}

#[derive(Debug, Default)]
struct Node {
    literal: HashMap<String, Node>,
    parameter: Option<Box<Node>>,
    /// The template that ends here.
    entry: Option<usize>,
}

/// A template matched by a path: its value and the path's segments.
#[derive(Debug)]
pub struct Matched<'t, 'p, T> {
    pub value: &'t T,
    template: &'t [String],
    path: Vec<&'p str>,
}

impl<T> Matched<'_, '_, T> {
    /// The path's value for the parameter `{name}` of the template, if it has one.
    pub fn parameter(&self, name: &str) -> Option<&str> {
        self.template
            .iter()
            .zip(&self.path)
            .find(|(segment, _)| {
                segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) == Some(name)
            })
            .map(|(_, value)| *value)
    }
}

impl<T> PathTemplates<T> {
    pub fn new(templates: impl IntoIterator<Item = (String, T)>) -> Self {
        let mut this = Self {
            root: Node::default(),
            entries: Vec::new(),
        };
        for (template, value) in templates {
            let segments: Vec<String> = template.split('/').map(str::to_owned).collect();
            let mut node = &mut this.root;
            for segment in &segments {
                node = if segment.starts_with('{') {
                    node.parameter.get_or_insert_with(Box::default)
                } else {
                    node.literal.entry(segment.clone()).or_default()
                };
            }
            node.entry = Some(this.entries.len());
            this.entries.push(Entry {
                literals: segments.iter().filter(|s| !s.starts_with('{')).count(),
                segments,
                value,
            });
        }
        this
    }

    /// The template `path` belongs to. Literal segments win over parameters, as in
    /// routing: `/partnerships/path` is not `/partnerships/{id}`. A parameter never
    /// matches an empty segment.
    pub fn find<'p>(&self, path: &'p str) -> Option<Matched<'_, 'p, T>> {
        let wanted: Vec<&str> = path.split('/').collect();
        let mut best: Option<&Entry<T>> = None;
        self.collect(&self.root, &wanted, &mut best);
        best.map(|entry| Matched {
            value: &entry.value,
            template: &entry.segments,
            path: wanted,
        })
    }

    fn collect<'s>(&'s self, node: &'s Node, rest: &[&str], best: &mut Option<&'s Entry<T>>) {
        let Some((segment, rest)) = rest.split_first() else {
            if let Some(entry) = node.entry.map(|index| &self.entries[index]) {
                if best.is_none_or(|found| entry.literals > found.literals) {
                    *best = Some(entry);
                }
            }
            return;
        };
        if let Some(next) = node.literal.get(*segment) {
            self.collect(next, rest, best);
        }
        if let Some(next) = node.parameter.as_deref().filter(|_| !segment.is_empty()) {
            self.collect(next, rest, best);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> PathTemplates<&'static str> {
        PathTemplates::new(
            [
                ("/p/{id}", "item"),
                ("/p/path", "path"),
                ("/e/{event}/d/{id}", "delegate"),
                ("/e/{event}/d/import", "import"),
                ("/e/{event}/d", "list"),
            ]
            .map(|(t, v)| (t.to_owned(), v)),
        )
    }

    #[test]
    fn literal_segments_win_over_parameters() {
        let table = table();
        assert_eq!(table.find("/p/path").map(|m| *m.value), Some("path"));
        assert_eq!(table.find("/p/7").map(|m| *m.value), Some("item"));
        assert_eq!(
            table.find("/e/h/d/import").map(|m| *m.value),
            Some("import")
        );
        assert_eq!(table.find("/e/h/d/3").map(|m| *m.value), Some("delegate"));
    }

    #[test]
    fn parameters_are_read_and_never_empty() {
        let table = table();
        let found = table.find("/e/harbin-2026/d/3").expect("a match");
        assert_eq!(found.parameter("event"), Some("harbin-2026"));
        assert_eq!(found.parameter("id"), Some("3"));
        assert_eq!(found.parameter("other"), None);
        assert!(table.find("/e//d").is_none());
        assert!(table.find("/e/h/d/3/more").is_none());
        assert!(table.find("/nothing").is_none());
    }
}
