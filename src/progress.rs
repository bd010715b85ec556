//! Progress of long work (PDF printing, `loket fetch`, `loket dns apply`,
//! `loket audit --web`) on standard error: a bar on a terminal
//! (indicatif), and where standard error is not a terminal (a CI log) a
//! plain line every [`EVERY`] with what is done, how many are left and an
//! estimate of the time left. Says nothing of what the work is beyond its
//! label, and never writes to standard output: that carries reports and
//! JSON.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How often a plain line is written when standard error is no terminal.
pub(crate) const EVERY: Duration = Duration::from_secs(5);

/// The environment variable that sets another interval, in seconds
/// (`0`: a line for every piece of work).
pub(crate) const EVERY_VAR: &str = "LOKET_PROGRESS_EVERY";

/// The time since the work started; a test passes a clock it moves.
type Clock = Box<dyn Fn() -> Duration + Send + Sync>;

/// Counts `done` of `total` pieces of work and shows it.
pub(crate) struct Progress {
    label: String,
    total: u64,
    done: AtomicU64,
    clock: Clock,
    shown: Show,
}

enum Show {
    Bar(indicatif::ProgressBar),
    Lines {
        every: Duration,
        /// When the last line was written (since the start).
        last: Mutex<Duration>,
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
    /// terminal, else a line every [`EVERY`] (or every `LOKET_PROGRESS_EVERY`
    /// seconds).
    pub(crate) fn stderr(label: &str, total: u64) -> Progress {
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
            Progress::with(label, total, Show::Bar(bar), since(Instant::now()))
        } else {
            let every = every(std::env::var(EVERY_VAR).ok().as_deref());
            Progress::lines(label, total, every, Box::new(std::io::stderr()))
        }
    }

    /// Progress written as plain lines to `out`, at most one per `every`.
    pub(crate) fn lines(
        label: &str,
        total: u64,
        every: Duration,
        out: Box<dyn Write + Send>,
    ) -> Progress {
        Progress::lines_timed(label, total, every, out, since(Instant::now()))
    }

    fn lines_timed(
        label: &str,
        total: u64,
        every: Duration,
        out: Box<dyn Write + Send>,
        clock: Clock,
    ) -> Progress {
        let shown = Show::Lines {
            every,
            last: Mutex::new(Duration::ZERO),
            out: Mutex::new(out),
        };
        Progress::with(label, total, shown, clock)
    }

    fn with(label: &str, total: u64, shown: Show, clock: Clock) -> Progress {
        Progress {
            label: label.to_string(),
            total,
            done: AtomicU64::new(0),
            clock,
            shown,
        }
    }

    /// `n` more pieces are done.
    pub(crate) fn add(&self, n: u64) {
        let done = self.done.fetch_add(n, Ordering::Relaxed) + n;
        match &self.shown {
            Show::Bar(bar) => bar.set_position(done),
            Show::Lines { every, last, out } => {
                let now = (self.clock)();
                let due = last.lock().is_ok_and(|mut last| {
                    let due = now.saturating_sub(*last) >= *every;
                    if due {
                        *last = now;
                    }
                    due
                });
                if due && let Ok(mut out) = out.lock() {
                    let _ = writeln!(out, "{}", line(&self.label, done, self.total, now));
                }
            }
        }
    }

    /// The work is over: the bar goes; in a log, a last line says how long
    /// it took when it took at least one interval.
    pub(crate) fn finish(&self) {
        match &self.shown {
            Show::Bar(bar) => bar.finish_and_clear(),
            Show::Lines { every, out, .. } => {
                let took = (self.clock)();
                if took >= *every
                    && let Ok(mut out) = out.lock()
                {
                    let done = self.done.load(Ordering::Relaxed);
                    let _ = writeln!(out, "{}", last_line(&self.label, done, self.total, took));
                }
            }
        }
    }
}

impl Drop for Progress {
    /// Work cut short by an error leaves no bar behind its message.
    fn drop(&mut self) {
        if let Show::Bar(bar) = &self.shown
            && !bar.is_finished()
        {
            bar.finish_and_clear();
        }
    }
}

/// A clock counting from `start`.
fn since(start: Instant) -> Clock {
    Box::new(move || start.elapsed())
}

/// The interval a log line is written at: `text` in seconds (as
/// `LOKET_PROGRESS_EVERY` gives it), [`EVERY`] when missing or not a
/// number of seconds.
fn every(text: Option<&str>) -> Duration {
    text.and_then(|t| t.trim().parse::<f64>().ok())
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .unwrap_or(EVERY)
}

/// `<label>: 120/416 selesai, 296 lagi, perkiraan 25 s lagi`: what is
/// done, what is left and the time left at the pace so far.
fn line(label: &str, done: u64, total: u64, elapsed: Duration) -> String {
    let left = total.saturating_sub(done);
    let estimate = if done == 0 {
        "?".to_string()
    } else {
        span(elapsed.mul_f64(left as f64 / done as f64))
    };
    format!("{label}: {done}/{total} selesai, {left} lagi, perkiraan {estimate} lagi")
}

/// `<label>: 416/416 selesai dalam 1 min 23 s`.
fn last_line(label: &str, done: u64, total: u64, took: Duration) -> String {
    format!("{label}: {done}/{total} selesai dalam {}", span(took))
}

/// A span of time as a reader of a log wants it: `25 s`, `4 min 05 s`,
/// `1 j 02 min` (rounded to the second).
fn span(d: Duration) -> String {
    let s = d.as_secs_f64().round() as u64;
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min {:02} s", s / 60, s % 60),
        _ => format!("{} j {:02} min", s / 3600, s / 60 % 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// A writer the test reads back.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Shared {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().map(|b| b.clone()).unwrap_or_default())
                .unwrap_or_default()
        }
    }

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

    /// A clock the test moves, in whole seconds.
    #[derive(Clone, Default)]
    struct FakeClock(Arc<AtomicU64>);

    impl FakeClock {
        fn at(&self, seconds: u64) {
            self.0.store(seconds, Ordering::Relaxed);
        }
        fn clock(&self) -> Clock {
            let now = Arc::clone(&self.0);
            Box::new(move || Duration::from_secs(now.load(Ordering::Relaxed)))
        }
    }

    #[test]
    fn a_line_says_what_is_done_what_is_left_and_an_estimate() {
        for (label, done, total, seconds, said) in [
            (
                "mencetak PDF",
                120,
                416,
                12,
                "mencetak PDF: 120/416 selesai, 296 lagi, perkiraan 30 s lagi",
            ),
            (
                "mencetak PDF",
                0,
                416,
                1,
                "mencetak PDF: 0/416 selesai, 416 lagi, perkiraan ? lagi",
            ),
            (
                "memeriksa nama",
                50,
                2000,
                10,
                "memeriksa nama: 50/2000 selesai, 1950 lagi, perkiraan 6 min 30 s lagi",
            ),
            (
                "x",
                1,
                10_000,
                2,
                "x: 1/10000 selesai, 9999 lagi, perkiraan 5 j 33 min lagi",
            ),
            // More done than GitHub counted when the work began.
            (
                "x",
                52,
                50,
                3,
                "x: 52/50 selesai, 0 lagi, perkiraan 0 s lagi",
            ),
        ] {
            assert_eq!(line(label, done, total, Duration::from_secs(seconds)), said);
        }
        assert_eq!(
            last_line("x", 416, 416, Duration::from_millis(83_400)),
            "x: 416/416 selesai dalam 1 min 23 s"
        );
    }

    #[test]
    fn lines_come_once_per_interval_of_the_clock() {
        let out = Shared::default();
        let time = FakeClock::default();
        let p = Progress::lines_timed("x", 100, EVERY, Box::new(out.clone()), time.clock());
        time.at(1);
        p.add(10);
        time.at(4);
        p.add(10);
        assert_eq!(out.text(), "", "nothing before the first interval");
        time.at(5);
        p.add(5);
        time.at(9);
        p.add(5);
        time.at(10);
        p.add(10);
        time.at(20);
        p.add(60);
        p.finish();
        assert_eq!(
            out.text(),
            "x: 25/100 selesai, 75 lagi, perkiraan 15 s lagi\n\
             x: 40/100 selesai, 60 lagi, perkiraan 15 s lagi\n\
             x: 100/100 selesai, 0 lagi, perkiraan 0 s lagi\n\
             x: 100/100 selesai dalam 20 s\n"
        );
    }

    #[test]
    fn short_work_writes_nothing() {
        let out = Shared::default();
        let time = FakeClock::default();
        let p = Progress::lines_timed("x", 3, EVERY, Box::new(out.clone()), time.clock());
        time.at(4);
        p.add(3);
        p.finish();
        assert_eq!(out.text(), "");
    }

    #[test]
    fn the_interval_comes_from_the_environment_or_is_five_seconds() {
        assert_eq!(every(None), EVERY);
        assert_eq!(every(Some("0")), Duration::ZERO);
        assert_eq!(every(Some(" 30 ")), Duration::from_secs(30));
        assert_eq!(every(Some("0.5")), Duration::from_millis(500));
        for bad in ["", "lima", "-1", "NaN", "1e400"] {
            assert_eq!(every(Some(bad)), EVERY, "{bad}");
        }
    }
}
