//! JSON text of loket's outputs with nothing to swallow: a
//! [`serde_json::Value`] and a string always print, so only typed values
//! (whose `Serialize` may fail) return a `Result`.

use serde_json::Value;

/// `value` as pretty JSON (two-space indent) with a final newline.
pub(crate) fn pretty(value: &Value) -> String {
    format!("{value:#}\n")
}

/// `text` as a JSON string literal, quoted and escaped; also a YAML
/// double-quoted scalar.
pub(crate) fn string(text: &str) -> String {
    Value::from(text).to_string()
}

/// A typed value as pretty JSON with a final newline. Fails only when its
/// `Serialize` does (a map with keys that are not text, say).
pub(crate) fn pretty_typed<T: serde::Serialize + ?Sized>(
    value: &T,
) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(value).map(|mut text| {
        text.push('\n');
        text
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_prints_as_serde_json_does_with_a_newline() {
        let value = serde_json::json!({"b": [1, 2.5, null], "a": {"x": "é\n"}});
        let expected = serde_json::to_string_pretty(&value).expect("a Value serializes") + "\n";
        assert_eq!(pretty(&value), expected);
        assert_eq!(pretty_typed(&value).expect("a Value serializes"), expected);
    }

    #[test]
    fn strings_are_quoted_and_escaped() {
        assert_eq!(string("a \"b\"\n\u{7}"), r#""a \"b\"\n\u0007""#);
    }

    #[test]
    fn a_map_with_keys_that_are_not_text_is_an_error_not_an_empty_text() {
        let map: std::collections::BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into();
        assert!(pretty_typed(&map).is_err());
    }
}
