//! Standard times of the domain: minutes or hari kerja (working days).

use std::fmt;

use crate::input::decode::{Cx, Decode};
use crate::input::diagnostic::{Arg, Hint};
use crate::input::source::Spanned;
use crate::input::yaml::Node;

/// A promised duration: either minutes of office time or working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StandardTime {
    /// Minutes of office time (Kudus counts stages in minutes).
    Minutes(u32),
    /// Hari kerja: Monday to Friday, without holidays and cuti bersama.
    WorkingDays(u32),
}

impl StandardTime {
    /// The number, in its own unit (minutes or hari kerja).
    pub fn amount(self) -> u32 {
        match self {
            StandardTime::Minutes(n) | StandardTime::WorkingDays(n) => n,
        }
    }
}

impl fmt::Display for StandardTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StandardTime::Minutes(m) => write!(f, "{m} menit"),
            StandardTime::WorkingDays(d) => write!(f, "{d} hari kerja"),
        }
    }
}

const KEYS: &[&str] = &["hari_kerja", "menit"];

impl Decode for StandardTime {
    fn decode(node: &Spanned<Node>, cx: &mut Cx) -> Option<Self> {
        let fields = cx.record(node, KEYS)?;
        let days = cx.field::<Option<u32>>(&fields, "hari_kerja")?;
        let minutes = cx.field::<Option<u32>>(&fields, "menit")?;
        match (days, minutes) {
            (Some(d), None) => Some(StandardTime::WorkingDays(d)),
            (None, Some(m)) => Some(StandardTime::Minutes(m)),
            _ => {
                cx.invalid(
                    node,
                    Arg::Words {
                        id: "tepat satu dari `hari_kerja` atau `menit`",
                        en: "exactly one of `hari_kerja` or `menit`",
                    },
                    Some(Hint::OneOf(KEYS.iter().map(|k| k.to_string()).collect())),
                );
                None
            }
        }
    }
}

impl schemars::JsonSchema for StandardTime {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "StandardTime".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Waktu standar: hari kerja atau menit (tepat satu).",
            "oneOf": [
                {"type": "object", "properties": {"hari_kerja": {"type": "integer", "minimum": 0}},
                 "required": ["hari_kerja"], "additionalProperties": false},
                {"type": "object", "properties": {"menit": {"type": "integer", "minimum": 0}},
                 "required": ["menit"], "additionalProperties": false}
            ]
        })
    }
}
