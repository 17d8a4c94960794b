//! Saving over a setup file someone wrote: only the keys whose values changed are rewritten,
//! so the admin's comments, order and layout stay (and a file nothing changed in is written
//! back byte for byte). A new file is written in the canonical shape (`Setup::to_toml`).

use super::Setup;
use toml_edit::{DocumentMut, Item, Table};

/// `original` (the file as it is, which reads as `before`) with the changes from `before` to
/// `after` applied; `None` when the original is not a TOML document this can edit.
pub fn write_over(original: &str, before: &Setup, after: &Setup) -> Option<String> {
    let mut doc: DocumentMut = original.parse().ok()?;
    let old: DocumentMut = before.to_toml().parse().ok()?;
    let new: DocumentMut = after.to_toml().parse().ok()?;
    merge(doc.as_table_mut(), old.as_table(), new.as_table());
    Some(doc.to_string())
}

/// The canonical text of an item, without the comments and spacing around it.
fn canonical(item: &Item) -> String {
    let mut item = item.clone();
    match &mut item {
        Item::Value(v) => v.decor_mut().clear(),
        Item::Table(t) => t.decor_mut().clear(),
        _ => {}
    }
    item.to_string().trim().to_string()
}

fn merge(target: &mut Table, old: &Table, new: &Table) {
    for (key, new_item) in new.iter() {
        let old_item = old.get(key);
        match (old_item, new_item) {
            (Some(Item::Table(old_t)), Item::Table(new_t)) => {
                // A table written as a dotted key or inline stays as it is written unless a
                // value in it changed; then it is replaced whole.
                match target.get_mut(key).and_then(Item::as_table_mut) {
                    Some(t) => merge(t, old_t, new_t),
                    None if canonical(&Item::Table(old_t.clone()))
                        == canonical(&Item::Table(new_t.clone())) => {}
                    None => {
                        target.insert(key, new_item.clone());
                    }
                }
            }
            (Some(o), n) if canonical(o) == canonical(n) => {}
            _ => {
                // Keep the key's own leading comment when its value changes.
                let decor = target
                    .get(key)
                    .and_then(|i| i.as_value())
                    .map(|v| v.decor().clone());
                let mut item = new_item.clone();
                if let (Some(decor), Some(v)) = (decor, item.as_value_mut()) {
                    *v.decor_mut() = decor;
                }
                target.insert(key, item);
            }
        }
    }
    let gone: Vec<String> = old
        .iter()
        .map(|(k, _)| k.to_string())
        .filter(|k| !new.contains_key(k))
        .collect();
    for key in gone {
        target.remove(&key);
    }
}
