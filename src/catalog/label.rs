//! The comparable form of a UI label. `build.rs` includes this file to store each catalog label
//! already normalized; the library uses it for what a user types.

/// Case-insensitive, spacing-insensitive form of a UI label: `Get:  List Jobs` = `GET: List Jobs`.
pub fn normalize_label(label: &str) -> String {
    let mut normalized = String::with_capacity(label.len());
    for word in label.split_whitespace() {
        // "GET :" reads as "GET:"; any other word is separated by one space.
        if !normalized.is_empty() && word != ":" && !word.starts_with(':') {
            normalized.push(' ');
        }
        if word.is_ascii() {
            normalized.extend(word.bytes().map(|byte| char::from(byte.to_ascii_lowercase())));
        } else {
            normalized.extend(word.chars().flat_map(char::to_lowercase));
        }
    }
    normalized
}
