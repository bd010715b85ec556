//! Timelines as text: the table of `loket status` and one request's detail.

use chrono::{DateTime, Utc};

use crate::calendar::Calendar;
use crate::complaint::ComplaintTimeline;
use crate::diagnostic::Lang;
use crate::model::StandardTime;
use crate::timeline::{Clock, EventKind, Timeline, Verdict};

/// A local time with its zone abbreviation, e.g. `2026-05-20 16:00 WITA`.
pub fn local(at: DateTime<Utc>, calendar: &Calendar) -> String {
    at.with_timezone(&calendar.time_zone())
        .format("%Y-%m-%d %H:%M %Z")
        .to_string()
}

/// Words for a verdict.
pub fn verdict(v: Verdict, lang: Lang) -> &'static str {
    match (v, lang) {
        (Verdict::NotStarted, Lang::Id) => "belum mulai",
        (Verdict::Running, Lang::Id) => "berjalan",
        (Verdict::OnTime, Lang::Id) => "tepat waktu",
        (Verdict::Late, Lang::Id) => "terlambat",
        (Verdict::NotStarted, Lang::En) => "not started",
        (Verdict::Running, Lang::En) => "running",
        (Verdict::OnTime, Lang::En) => "on time",
        (Verdict::Late, Lang::En) => "late",
    }
}

/// A standard time in words, e.g. `3 hari kerja`.
pub fn standard(t: StandardTime, lang: Lang) -> String {
    match (t, lang) {
        (StandardTime::WorkingDays(d), Lang::Id) => format!("{d} hari kerja"),
        (StandardTime::WorkingDays(1), Lang::En) => "1 working day".into(),
        (StandardTime::WorkingDays(d), Lang::En) => format!("{d} working days"),
        (StandardTime::Minutes(1), Lang::En) => "1 minute".into(),
        (StandardTime::Minutes(m), Lang::Id) => format!("{m} menit"),
        (StandardTime::Minutes(m), Lang::En) => format!("{m} minutes"),
    }
}

/// Time used of that allowed: hari kerja `2/3`, minutes `115/90 menit`, or
/// `–` before the clock starts.
pub fn used(t: &Timeline) -> String {
    used_of(&t.clock)
}

/// Time used of that allowed on `clock` (see [`used`]).
pub fn used_of(clock: &Clock) -> String {
    let used = clock
        .used()
        .map_or("–".to_string(), |u| u.amount().to_string());
    match clock.allowed {
        Some(StandardTime::WorkingDays(n)) => format!("{used}/{n}"),
        Some(StandardTime::Minutes(n)) => format!("{used}/{n} menit"),
        None => used,
    }
}

/// Pads rows into aligned columns.
fn columns(rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..rows.first().map_or(0, Vec::len))
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell}{}", " ".repeat(w - cell.chars().count())))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// The table of every request.
pub fn table(timelines: &[Timeline], calendar: &Calendar, lang: Lang) -> String {
    let head = match lang {
        Lang::Id => [
            "No.",
            "Instansi",
            "Subdomain",
            "Layanan",
            "Status",
            "Terpakai",
            "Jatuh tempo",
            "Keterangan",
        ],
        Lang::En => [
            "ID",
            "Agency",
            "Subdomain",
            "Service",
            "Status",
            "Used",
            "Due",
            "Verdict",
        ],
    };
    let mut rows = vec![head.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    for t in timelines {
        rows.push(vec![
            t.id.clone(),
            t.agency.clone(),
            t.subdomain.clone(),
            t.service.clone().unwrap_or_else(|| "–".into()),
            t.status.label(),
            used(t),
            t.clock.due.map_or("–".into(), |d| local(d, calendar)),
            verdict(t.clock.verdict, lang).to_string(),
        ]);
    }
    columns(&rows)
}

/// Words for an event.
pub fn event_word(kind: EventKind, lang: Lang) -> &'static str {
    let (id, en) = match kind {
        EventKind::Submitted => ("diajukan", "submitted"),
        EventKind::Changed => ("diubah pemohon", "changed by the agency"),
        EventKind::CheckPassed => ("pemeriksaan lulus", "check passed"),
        EventKind::CheckFailed => ("pemeriksaan gagal", "check failed"),
        EventKind::StageDone => ("tahap selesai", "stage done"),
        EventKind::StageUndone => ("tahap dibatalkan", "stage undone"),
        EventKind::Returned => ("dikembalikan", "returned"),
        EventKind::Resumed => ("dilanjutkan", "resumed"),
        EventKind::Refused => ("ditolak", "refused"),
        EventKind::Withdrawn => ("dibatalkan", "withdrawn"),
        EventKind::Merged => ("disetujui (merge)", "approved (merged)"),
        EventKind::Done => ("selesai", "done"),
        EventKind::Ignored => (
            "label diabaikan (bukan petugas yang berwenang)",
            "label ignored (not an officer entitled to it)",
        ),
    };
    if lang == Lang::Id { id } else { en }
}

/// One request's timeline in full.
pub fn detail(t: &Timeline, calendar: &Calendar, lang: Lang) -> String {
    let id = lang == Lang::Id;
    let mut out = format!(
        "{} {} — {} ({}), {} {}{}\n",
        if id { "Permohonan" } else { "Request" },
        t.id,
        t.subdomain,
        t.agency,
        if id { "layanan" } else { "service" },
        t.service.as_deref().unwrap_or("–"),
        t.pull_request
            .map_or(String::new(), |n| format!(", PR #{n}")),
    );
    out.push_str(&format!("Status: {}\n", t.status.label()));
    if let Some(reason) = &t.reason {
        out.push_str(&format!(
            "{}: {reason}\n",
            if id { "Alasan" } else { "Reason" }
        ));
    }
    let clock = &t.clock;
    out.push_str(&format!(
        "{}: {} {}, {} {}, {} {}, {} {}\n",
        if id { "Jam layanan" } else { "Service clock" },
        if id { "mulai" } else { "started" },
        clock.started.map_or("–".into(), |d| local(d, calendar)),
        if id { "berhenti" } else { "stopped" },
        clock.stopped.map_or("–".into(), |d| local(d, calendar)),
        used(t),
        if id { "hari kerja" } else { "working days" },
        if id { "jatuh tempo" } else { "due" },
        clock.due.map_or("–".into(), |d| local(d, calendar)),
    ));
    out.push_str(&format!("{}\n", verdict(clock.verdict, lang)));
    let mut rows = Vec::new();
    for e in &t.events {
        rows.push(vec![
            format!("  {}", local(e.at, calendar)),
            event_word(e.kind, lang).to_string(),
            e.subject.clone().unwrap_or_default(),
            e.role.clone().unwrap_or_default(),
        ]);
    }
    out.push_str(if id { "Peristiwa:\n" } else { "Events:\n" });
    out.push_str(&columns(&rows));
    let mut rows = Vec::new();
    for s in &t.stages {
        let mark = match (s.within, s.stale) {
            (_, true) => {
                if id {
                    "basi (sebelum perubahan terakhir)"
                } else {
                    "stale (before the last change)"
                }
            }
            (Some(true), _) => {
                if id {
                    "sesuai standar"
                } else {
                    "within standard"
                }
            }
            (Some(false), _) => {
                if id {
                    "melebihi standar"
                } else {
                    "over standard"
                }
            }
            (None, _) => "",
        };
        let unit = match s.standard {
            Some(StandardTime::Minutes(_)) => {
                if id {
                    " menit"
                } else {
                    " min"
                }
            }
            _ => {
                if id {
                    " hari kerja"
                } else {
                    " working days"
                }
            }
        };
        rows.push(vec![
            format!("  {}", s.name),
            s.role.clone(),
            s.standard.map_or("–".into(), |st| standard(st, lang)),
            s.actual.map_or("–".into(), |a| format!("{a}{unit}")),
            mark.to_string(),
        ]);
    }
    out.push_str(if id { "Tahapan:\n" } else { "Stages:\n" });
    out.push_str(&columns(&rows));
    for note in &t.notes {
        out.push_str(&format!(
            "{}: {note}\n",
            if id { "Catatan" } else { "Note" }
        ));
    }
    out
}

/// The table of every complaint (`loket status --pengaduan`).
pub fn complaints(all: &[ComplaintTimeline], calendar: &Calendar, lang: Lang) -> String {
    let head = match lang {
        Lang::Id => [
            "No.",
            "Jenis",
            "Diterima",
            "Status",
            "Terpakai",
            "Jatuh tempo",
            "Keterangan",
        ],
        Lang::En => [
            "No.", "Kind", "Received", "Status", "Used", "Due", "Verdict",
        ],
    };
    let mut rows = vec![head.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    for t in all {
        let mut status = t.status.label().to_string();
        if !t.counted {
            status.push_str(if lang == Lang::Id {
                " (tidak dihitung)"
            } else {
                " (not counted)"
            });
        }
        let number = match (&t.record, t.channel) {
            (Some(record), Some(channel)) => format!("{record} ({})", channel.as_str()),
            (Some(record), None) => record.clone(),
            (None, Some(channel)) => format!("#{} ({})", t.number, channel.as_str()),
            (None, None) => format!("#{}", t.number),
        };
        rows.push(vec![
            number,
            t.kind.clone().unwrap_or_else(|| "–".into()),
            t.received_date.to_string(),
            status,
            used_of(&t.clock),
            t.clock.due.map_or("–".into(), |d| local(d, calendar)),
            verdict(t.clock.verdict, lang).to_string(),
        ]);
    }
    columns(&rows)
}

/// One complaint in full: the table's line, its reason and notes, and
/// every label event with whether it counted.
pub fn complaint_detail(t: &ComplaintTimeline, calendar: &Calendar, lang: Lang) -> String {
    let id = lang == Lang::Id;
    let mut out = complaints(std::slice::from_ref(t), calendar, lang);
    if let Some(reason) = &t.reason {
        out.push_str(&format!(
            "{}: {reason}\n",
            if id { "Alasan" } else { "Reason" }
        ));
    }
    for note in &t.notes {
        out.push_str(&format!("! {note}\n"));
    }
    let received = match (t.channel.filter(|_| t.record.is_some()), id) {
        (Some(channel), true) => format!("diterima (kanal: {})", channel.as_str()),
        (Some(channel), false) => format!("received (channel: {})", channel.as_str()),
        (None, true) => "diterima (issue dibuka)".to_string(),
        (None, false) => "received (issue opened)".to_string(),
    };
    let mut rows = vec![vec![
        format!("  {}", local(t.received, calendar)),
        received,
        String::new(),
    ]];
    for s in &t.steps {
        let sign = match s.action {
            crate::snapshot::LabelAction::Added => "+",
            crate::snapshot::LabelAction::Removed => "-",
        };
        rows.push(vec![
            format!("  {}", local(s.at, calendar)),
            format!("{sign} {}", s.label),
            if s.counted {
                String::new()
            } else {
                event_word(EventKind::Ignored, lang).to_string()
            },
        ]);
    }
    out.push_str(if id { "Peristiwa:\n" } else { "Events:\n" });
    out.push_str(&columns(&rows));
    out
}
