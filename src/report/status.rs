//! Timelines as text: the table of `loket status` and one request's detail.

use chrono::{DateTime, Utc};

use crate::complaint::ComplaintTimeline;
use crate::input::diagnostic::Lang;
use crate::model::StandardTime;
use crate::review::calendar::Calendar;
use crate::review::timeline::{Clock, EventKind, Timeline, Verdict};

/// A local time with its zone abbreviation, e.g. `2026-05-20 16:00 WITA`.
pub(crate) fn local(at: DateTime<Utc>, calendar: &Calendar) -> String {
    at.with_timezone(&calendar.time_zone())
        .format("%Y-%m-%d %H:%M %Z")
        .to_string()
}

/// Words for a verdict.
pub(crate) fn verdict(v: Verdict, lang: Lang) -> &'static str {
    match v {
        Verdict::NotStarted => lang.pick("belum mulai", "not started"),
        Verdict::Running => lang.pick("berjalan", "running"),
        Verdict::OnTime => lang.pick("tepat waktu", "on time"),
        Verdict::Late => lang.pick("terlambat", "late"),
    }
}

/// A standard time in words, e.g. `3 hari kerja`.
pub(crate) fn standard(t: StandardTime, lang: Lang) -> String {
    let plural = |n: u32| if n == 1 { "" } else { "s" };
    match t {
        StandardTime::WorkingDays(d) => lang.pick(
            format!("{d} hari kerja"),
            format!("{d} working day{}", plural(d)),
        ),
        StandardTime::Minutes(m) => {
            lang.pick(format!("{m} menit"), format!("{m} minute{}", plural(m)))
        }
    }
}

/// Time used of that allowed: hari kerja `2/3`, minutes `115/90 menit`, or
/// `–` before the clock starts.
pub(crate) fn used(t: &Timeline) -> String {
    used_of(&t.clock)
}

/// Time used of that allowed on `clock` (see [`used`]).
pub(crate) fn used_of(clock: &Clock) -> String {
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
pub(crate) fn table(timelines: &[Timeline], calendar: &Calendar, lang: Lang) -> String {
    let head = lang.pick(
        [
            "No.",
            "Instansi",
            "Subdomain",
            "Layanan",
            "Status",
            "Terpakai",
            "Jatuh tempo",
            "Keterangan",
        ],
        [
            "ID",
            "Agency",
            "Subdomain",
            "Service",
            "Status",
            "Used",
            "Due",
            "Verdict",
        ],
    );
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
pub(crate) fn event_word(kind: EventKind, lang: Lang) -> &'static str {
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
    lang.pick(id, en)
}

/// One request's timeline in full.
pub(crate) fn detail(t: &Timeline, calendar: &Calendar, lang: Lang) -> String {
    let mut out = format!(
        "{} {} — {} ({}), {} {}{}\n",
        lang.pick("Permohonan", "Request"),
        t.id,
        t.subdomain,
        t.agency,
        lang.pick("layanan", "service"),
        t.service.as_deref().unwrap_or("–"),
        t.pull_request
            .map_or(String::new(), |n| format!(", PR #{n}")),
    );
    out.push_str(&format!("Status: {}\n", t.status.label()));
    if let Some(reason) = &t.reason {
        out.push_str(&format!("{}: {reason}\n", lang.pick("Alasan", "Reason")));
    }
    let clock = &t.clock;
    out.push_str(&format!(
        "{}: {} {}, {} {}, {} {}, {} {}\n",
        lang.pick("Jam layanan", "Service clock"),
        lang.pick("mulai", "started"),
        clock.started.map_or("–".into(), |d| local(d, calendar)),
        lang.pick("berhenti", "stopped"),
        clock.stopped.map_or("–".into(), |d| local(d, calendar)),
        used(t),
        lang.pick("hari kerja", "working days"),
        lang.pick("jatuh tempo", "due"),
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
    out.push_str(lang.pick("Peristiwa:\n", "Events:\n"));
    out.push_str(&columns(&rows));
    let mut rows = Vec::new();
    for s in &t.stages {
        let mark = match (s.within, s.stale) {
            (_, true) => lang.pick(
                "basi (sebelum perubahan terakhir)",
                "stale (before the last change)",
            ),
            (Some(true), _) => lang.pick("sesuai standar", "within standard"),
            (Some(false), _) => lang.pick("melebihi standar", "over standard"),
            (None, _) => "",
        };
        let unit = match s.standard {
            Some(StandardTime::Minutes(_)) => lang.pick(" menit", " min"),
            _ => lang.pick(" hari kerja", " working days"),
        };
        rows.push(vec![
            format!("  {}", s.name),
            s.role.clone(),
            s.standard.map_or("–".into(), |st| standard(st, lang)),
            s.actual.map_or("–".into(), |a| format!("{a}{unit}")),
            mark.to_string(),
        ]);
    }
    out.push_str(lang.pick("Tahapan:\n", "Stages:\n"));
    out.push_str(&columns(&rows));
    for note in &t.notes {
        out.push_str(&format!("{}: {note}\n", lang.pick("Catatan", "Note")));
    }
    out
}

/// The table of every complaint (`loket status --pengaduan`).
pub(crate) fn complaints(all: &[ComplaintTimeline], calendar: &Calendar, lang: Lang) -> String {
    let head = lang.pick(
        [
            "No.",
            "Jenis",
            "Diterima",
            "Status",
            "Terpakai",
            "Jatuh tempo",
            "Keterangan",
        ],
        [
            "No.", "Kind", "Received", "Status", "Used", "Due", "Verdict",
        ],
    );
    let mut rows = vec![head.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    for t in all {
        let mut status = t.status.label().to_string();
        if !t.counted {
            status.push_str(lang.pick(" (tidak dihitung)", " (not counted)"));
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
pub(crate) fn complaint_detail(t: &ComplaintTimeline, calendar: &Calendar, lang: Lang) -> String {
    let mut out = complaints(std::slice::from_ref(t), calendar, lang);
    if let Some(reason) = &t.reason {
        out.push_str(&format!("{}: {reason}\n", lang.pick("Alasan", "Reason")));
    }
    for note in &t.notes {
        out.push_str(&format!("! {note}\n"));
    }
    let received = match t.channel.filter(|_| t.record.is_some()) {
        Some(channel) => lang.pick(
            format!("diterima (kanal: {})", channel.as_str()),
            format!("received (channel: {})", channel.as_str()),
        ),
        None => lang
            .pick("diterima (issue dibuka)", "received (issue opened)")
            .to_string(),
    };
    let mut rows = vec![vec![
        format!("  {}", local(t.received, calendar)),
        received,
        String::new(),
    ]];
    for s in &t.steps {
        let sign = match s.action {
            crate::github::snapshot::LabelAction::Added => "+",
            crate::github::snapshot::LabelAction::Removed => "-",
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
    out.push_str(lang.pick("Peristiwa:\n", "Events:\n"));
    out.push_str(&columns(&rows));
    out
}
