//! Matching two versions of a checklist's list (web hooks, stages, settings, steps) item by
//! item: what was added, what was removed, and which fields of a kept item changed.

use serde::Serialize;
use serde_json::Value;

/// The difference between the old and the new version of one list.
#[derive(Debug, Clone)]
pub(crate) struct ItemDiff<T> {
    /// In the new list's order.
    pub(crate) added: Vec<T>,
    /// In the old list's order.
    pub(crate) removed: Vec<T>,
    /// Items in both whose compared fields differ, in the new list's order.
    pub(crate) changed: Vec<Edited<T>>,
}

/// One item in both versions, and the fields that differ.
#[derive(Debug, Clone, Serialize)]
pub struct Edited<T> {
    pub old: T,
    pub new: T,
    /// The paths of the fields that changed (`endpoint/url`, `instructions`).
    pub fields: Vec<String>,
}

/// Matches items by `key`; `compared` names the serialized fields whose change matters to a
/// customer (a web hook's endpoint URL does, the wording of its note does not), as paths
/// into the item's JSON (`endpoint/url`).
pub(crate) fn diff_items<T: Clone + Serialize>(
    old: &[T],
    new: &[T],
    key: impl Fn(&T) -> String,
    compared: &[&str],
) -> ItemDiff<T> {
    let old_keys: Vec<String> = old.iter().map(&key).collect();
    let new_keys: Vec<String> = new.iter().map(&key).collect();
    let added = new
        .iter()
        .zip(&new_keys)
        .filter(|(_, new_key)| !old_keys.contains(new_key))
        .map(|(item, _)| item.clone())
        .collect();
    let removed = old
        .iter()
        .zip(&old_keys)
        .filter(|(_, old_key)| !new_keys.contains(old_key))
        .map(|(item, _)| item.clone())
        .collect();
    let changed = new
        .iter()
        .zip(&new_keys)
        .filter_map(|(new_item, new_key)| {
            let old_item = old_keys
                .iter()
                .position(|old_key| old_key == new_key)
                .map(|at| &old[at])?;
            let fields = changed_fields(old_item, new_item, compared);
            (!fields.is_empty()).then(|| Edited {
                old: old_item.clone(),
                new: new_item.clone(),
                fields,
            })
        })
        .collect();
    ItemDiff {
        added,
        removed,
        changed,
    }
}

/// The `compared` paths whose serialized values differ; an absent field equals `null`.
fn changed_fields<T: Serialize>(old: &T, new: &T, compared: &[&str]) -> Vec<String> {
    let (old, new) = match (serde_json::to_value(old), serde_json::to_value(new)) {
        (Ok(old), Ok(new)) => (old, new),
        // Checklist items are plain structs of strings and flags: they always serialize.
        _ => return Vec::new(),
    };
    compared
        .iter()
        .filter(|field| {
            let pointer = format!("/{field}");
            old.pointer(&pointer).unwrap_or(&Value::Null) != new.pointer(&pointer).unwrap_or(&Value::Null)
        })
        .map(|field| (*field).to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Serialize, PartialEq)]
    struct Item {
        name: &'static str,
        value: u8,
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<&'static str>,
    }

    fn item(name: &'static str, value: u8, note: Option<&'static str>) -> Item {
        Item { name, value, note }
    }

    #[test]
    fn matches_by_key_and_names_changed_fields() {
        let old = [item("a", 1, None), item("b", 2, None), item("c", 3, Some("x"))];
        let new = [item("c", 3, None), item("d", 4, None), item("b", 5, None)];
        let diff = diff_items(&old, &new, |item| item.name.to_owned(), &["value"]);
        assert_eq!(diff.added, [item("d", 4, None)]);
        assert_eq!(diff.removed, [item("a", 1, None)]);
        assert_eq!(diff.changed.len(), 1, "the note is not compared");
        assert_eq!(diff.changed[0].new, item("b", 5, None));
        assert_eq!(diff.changed[0].fields, ["value"]);
        let with_note = diff_items(&old, &new, |item| item.name.to_owned(), &["note"]);
        assert_eq!(with_note.changed[0].fields, ["note"], "an absent field is null");
    }
}
