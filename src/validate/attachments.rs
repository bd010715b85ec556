//! Attachments: inside the agency's directory, allowed kind, size, magic bytes.

use crate::input::diagnostic::{Code, Diagnostic};
use crate::input::load::Attachment;
use crate::input::source::Spanned;
use crate::model::config::{AttachmentPolicy, FileKind};

/// The default size limit of one attachment, in KiB.
pub const DEFAULT_MAX_KIB: u64 = 2048;

/// Checks one attachment path against what the loader found on disk.
pub fn check_attachment(
    value: &Spanned<String>,
    facts: Option<&Attachment>,
    policy: Option<&AttachmentPolicy>,
    agency: &str,
    file: &str,
) -> Vec<Diagnostic> {
    let at = |code| Diagnostic::error(code, file, value.span).arg("value", &value.value);
    let kinds: Vec<FileKind> = match policy.map(|p| p.kinds.clone()) {
        Some(k) if !k.is_empty() => k,
        _ => FileKind::ALL.to_vec(),
    };
    let allowed = || {
        kinds
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if facts == Some(&Attachment::Outside) {
        return vec![at(Code::L070).arg("agency", agency)];
    }
    let Some(kind) = kind_of(&value.value).filter(|k| kinds.contains(k)) else {
        return vec![at(Code::L072).arg("allowed", allowed())];
    };
    let limit = policy.and_then(|p| p.max_kib).unwrap_or(DEFAULT_MAX_KIB) * 1024;
    match facts {
        Some(Attachment::Outside) => vec![at(Code::L070).arg("agency", agency)],
        Some(Attachment::Missing) | None => vec![at(Code::L071)],
        Some(Attachment::Present { size, .. }) if *size > limit => {
            vec![at(Code::L073).arg("size", size).arg("limit", limit)]
        }
        Some(Attachment::Present { head, .. }) if !has_magic(kind, head) => {
            vec![at(Code::L074).arg("kind", kind.as_str().to_ascii_uppercase())]
        }
        Some(Attachment::Present { .. }) => Vec::new(),
    }
}

/// The kind a path claims by its extension.
pub fn kind_of(path: &str) -> Option<FileKind> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "pdf" => Some(FileKind::Pdf),
        "png" => Some(FileKind::Png),
        "jpg" | "jpeg" => Some(FileKind::Jpeg),
        _ => None,
    }
}

/// Whether `head` starts with the signature of `kind`.
pub fn has_magic(kind: FileKind, head: &[u8]) -> bool {
    match kind {
        FileKind::Pdf => head.starts_with(b"%PDF-"),
        FileKind::Png => head.starts_with(b"\x89PNG\r\n\x1a\n"),
        FileKind::Jpeg => head.starts_with(b"\xff\xd8\xff"),
    }
}
