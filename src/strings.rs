//! The UI strings of the site's language: the theme loads them, the model labels the terms it
//! makes with them, and neither has to know the other.

use std::collections::BTreeMap;

/// UI strings of the site language.
#[derive(Debug, Clone, Default)]
pub struct Strings(pub BTreeMap<String, String>);

impl Strings {
    /// The string, or the key itself so a missing string shows up on the page, not as a crash.
    pub fn get(&self, key: &str) -> String {
        self.0.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// The string with `{name}` replaced.
    pub fn fill(&self, key: &str, name: &str) -> String {
        self.get(key).replace("{name}", name)
    }
}
