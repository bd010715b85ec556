//! Progress of long work (PDF printing, …) on standard error: a bar on a
//! terminal (indicatif), and where standard error is not a terminal (a CI
//! log) a plain line every [`EVERY`] with what is done, how many are left
//! and an estimate of the time left. Says nothing of what the work is
//! beyond its label, and never writes to standard output.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How often a plain line is written when standard error is no terminal.
pub const EVERY: Duration = Duration::from_secs(5);

/// Counts `done` of `total` pieces of work and shows it.
pub struct Progress {
    label: String,
    total: u64,
    done: AtomicU64,
    started: Instant,
    shown: Show,
}

enum Show {
    Bar(indicatif::ProgressBar),
    Lines {
        every: Duration,
        last: Mutex<Instant>,
        out: Mutex<Box<dyn Write + Send>>,
    },
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Progress")
            .field("label", &self.label)
            .field("total", &self.total)
            .field("done", &self.done.load(Ordering::Relaxed))
            .finish()
    }
}

impl Progress {
    /// Progress of `total` pieces of `label` on standard error: a bar on a
    /// terminal, else a line every [`EVERY`].
    pub fn stderr(label: &str, total: u64) -> Progress {
        if std::io::stderr().is_terminal() {
            let bar = indicatif::ProgressBar::new(total);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{msg} [{bar:30}] {pos}/{len}, {elapsed} berlalu, perkiraan {eta} lagi",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar.set_message(label.to_string());
            Progress::with(label, total, Show::Bar(bar))
        } else {
            Progress::lines(label, total, EVERY, Box::new(std::io::stderr()))
        }
    }

    /// Progress written as plain lines to `out`, at most one per `every`.
    pub fn lines(label: &str, total: u64, every: Duration, out: Box<dyn Write + Send>) -> Progress {
        Progress::with(
            label,
            total,
            Show::Lines {
                every,
                last: Mutex::new(Instant::now()),
                out: Mutex::new(out),
            },
        )
    }

    fn with(label: &str, total: u64, shown: Show) -> Progress {
        Progress {
            label: label.to_string(),
            total,
            done: AtomicU64::new(0),
            started: Instant::now(),
            shown,
        }
    }

    /// `n` more pieces are done.
    pub fn add(&self, n: u64) {
        let done = self.done.fetch_add(n, Ordering::Relaxed) + n;
        match &self.shown {
            Show::Bar(bar) => bar.set_position(done),
            Show::Lines { every, last, out } => {
                let due = last.lock().is_ok_and(|mut last| {
                    let due = last.elapsed() >= *every;
                    if due {
                        *last = Instant::now();
                    }
                    due
                });
                if due && let Ok(mut out) = out.lock() {
                    let _ = writeln!(out, "{}", self.line(done, self.started.elapsed()));
                }
            }
        }
    }

    /// The work is over: the bar goes; in a log, a last line says how long
    /// it took when any line was written before.
    pub fn finish(&self) {
        match &self.shown {
            Show::Bar(bar) => bar.finish_and_clear(),
            Show::Lines { every, out, .. } => {
                let took = self.started.elapsed();
                if took >= *every
                    && let Ok(mut out) = out.lock()
                {
                    let done = self.done.load(Ordering::Relaxed);
                    let _ = writeln!(
                        out,
                        "{}: {done}/{} selesai dalam {:.0} s",
                        self.label,
                        self.total,
                        took.as_secs_f64()
                    );
                }
            }
        }
    }

    /// `<label>: 120/416 selesai, 296 lagi, perkiraan 25 s lagi`.
    fn line(&self, done: u64, elapsed: Duration) -> String {
        let left = self.total.saturating_sub(done);
        let estimate = if done == 0 {
            "?".to_string()
        } else {
            format!("{:.0}", elapsed.as_secs_f64() / done as f64 * left as f64)
        };
        format!(
            "{}: {done}/{} selesai, {left} lagi, perkiraan {estimate} s lagi",
            self.label, self.total
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// A writer the test reads back.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .map_err(|_| std::io::Error::other("poisoned"))?
                .extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_line_says_what_is_done_what_is_left_and_an_estimate() {
        let p = Progress::lines("mencetak PDF", 416, EVERY, Box::new(std::io::sink()));
        assert_eq!(
            p.line(120, Duration::from_secs(12)),
            "mencetak PDF: 120/416 selesai, 296 lagi, perkiraan 30 s lagi"
        );
        assert_eq!(
            p.line(0, Duration::from_secs(1)),
            "mencetak PDF: 0/416 selesai, 416 lagi, perkiraan ? s lagi"
        );
    }

    #[test]
    fn lines_are_written_once_per_interval() {
        let out = Shared::default();
        let p = Progress::lines("x", 3, Duration::ZERO, Box::new(out.clone()));
        p.add(1);
        p.add(2);
        p.finish();
        let text = String::from_utf8(out.0.lock().map(|b| b.clone()).unwrap_or_default())
            .unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(
            lines[0].starts_with("x: 1/3 selesai, 2 lagi, perkiraan "),
            "{text}"
        );
        assert!(
            lines[1].starts_with("x: 3/3 selesai, 0 lagi, perkiraan 0 s"),
            "{text}"
        );
        assert!(lines[2].starts_with("x: 3/3 selesai dalam "), "{text}");

        let out = Shared::default();
        let p = Progress::lines("x", 3, Duration::from_secs(3600), Box::new(out.clone()));
        p.add(3);
        p.finish();
        assert!(out.0.lock().map(|b| b.is_empty()).unwrap_or(false));
    }
}
