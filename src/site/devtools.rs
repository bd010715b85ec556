//! One long-lived headless Chromium driven through the DevTools protocol
//! over `--remote-debugging-pipe`: commands go to its fd 3 and replies come
//! back on its fd 4, one JSON message each, ended by a NUL byte. Sessions
//! are flattened (`Target.attachToTarget` with `flatten: true`), so every
//! tab is a session id on the same pipe and several tabs print at once.
//!
//! An I/O edge of `loket build --pdf`: it knows nothing of the site; it
//! opens a URL in a tab and hands back the PDF Chromium prints of it.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};

/// How long one command may wait for Chromium's reply (a page's load
/// counts as one).
pub(crate) const REPLY_TIMEOUT: Duration = Duration::from_secs(90);

/// The flags Chromium runs with: headless, without its sandbox (it only
/// ever opens pages on loopback), without anything that would reach the
/// network or wait for a first-run dialog.
const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--mute-audio",
    "--remote-debugging-pipe",
];

/// Why Chromium did not do what it was asked.
#[derive(Debug, thiserror::Error)]
pub(crate) enum DevtoolsError {
    /// The process could not be started.
    #[error("cannot start {program}: {source}")]
    Start {
        /// The binary.
        program: String,
        /// The cause.
        source: std::io::Error,
    },
    /// Chromium closed its pipe (it exited or crashed).
    #[error("Chromium stopped ({log})")]
    Stopped {
        /// The end of its error output.
        log: String,
    },
    /// No reply within [`REPLY_TIMEOUT`].
    #[error("no reply to {method} within {} s", REPLY_TIMEOUT.as_secs())]
    Timeout {
        /// The command.
        method: String,
    },
    /// Chromium answered with an error.
    #[error("{method} failed: {message}")]
    Protocol {
        /// The command.
        method: String,
        /// Chromium's message.
        message: String,
    },
}

type Waiting = Arc<Mutex<HashMap<u64, Sender<Value>>>>;
type Listening = Arc<Mutex<HashMap<String, Sender<Value>>>>;

/// A running headless Chromium; stopped (and its profile removed) when
/// dropped.
pub(crate) struct Browser {
    child: Child,
    to: Mutex<std::io::PipeWriter>,
    waiting: Waiting,
    listening: Listening,
    next: AtomicU64,
    reader: Option<JoinHandle<()>>,
    profile: PathBuf,
    log: PathBuf,
}

impl std::fmt::Debug for Browser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Browser")
            .field("pid", &self.child.id())
            .finish()
    }
}

/// A duplicate of `fd` above the standard descriptors, closed on exec:
/// placing both pipe ends there first keeps the `dup2` of one onto 3 or 4
/// from overwriting the other.
fn lift(fd: i32) -> std::io::Result<i32> {
    // SAFETY: fcntl with F_DUPFD_CLOEXEC touches only the descriptor table.
    let high = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 10) };
    if high < 0 {
        Err(std::io::Error::last_os_error())
    } else {
        Ok(high)
    }
}

impl Browser {
    /// Starts `program` with a fresh profile under `work` (a directory
    /// this browser owns and removes), its error output in a log there.
    pub(crate) fn start(program: &Path, work: &Path) -> Result<Browser, DevtoolsError> {
        let start_error = |source| DevtoolsError::Start {
            program: program.display().to_string(),
            source,
        };
        std::fs::create_dir_all(work).map_err(start_error)?;
        let log = work.join("chromium.log");
        let stderr = std::fs::File::create(&log).map_err(start_error)?;
        let (commands_in, commands_out) = std::io::pipe().map_err(start_error)?;
        let (replies_in, replies_out) = std::io::pipe().map_err(start_error)?;
        let (fd3, fd4) = (commands_in.as_raw_fd(), replies_out.as_raw_fd());
        let mut command = Command::new(program);
        command
            .args(FLAGS)
            .arg(format!("--user-data-dir={}", work.join("profil").display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr);
        // SAFETY: between fork and exec the closure calls only fcntl and
        // dup2, which are async-signal-safe, and allocates nothing.
        unsafe {
            command.pre_exec(move || {
                let (a, b) = (lift(fd3)?, lift(fd4)?);
                if libc::dup2(a, 3) < 0 || libc::dup2(b, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command.spawn().map_err(start_error)?;
        drop::<OwnedFd>(commands_in.into());
        drop::<OwnedFd>(replies_out.into());
        let waiting: Waiting = Arc::default();
        let listening: Listening = Arc::default();
        let reader = {
            let (waiting, listening) = (Arc::clone(&waiting), Arc::clone(&listening));
            std::thread::spawn(move || read_replies(replies_in, &waiting, &listening))
        };
        Ok(Browser {
            child,
            to: Mutex::new(commands_out),
            waiting,
            listening,
            next: AtomicU64::new(1),
            reader: Some(reader),
            profile: work.to_path_buf(),
            log,
        })
    }

    /// Sends `method` with `params` (to `session`, else to the browser)
    /// and waits for its result.
    fn call(
        &self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, DevtoolsError> {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = mpsc::channel();
        if let Ok(mut waiting) = self.waiting.lock() {
            waiting.insert(id, tx);
        }
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        let mut bytes = message.to_string().into_bytes();
        bytes.push(0);
        let sent = self
            .to
            .lock()
            .map_err(|_| self.stopped())
            .and_then(|mut to| to.write_all(&bytes).map_err(|_| self.stopped()));
        if let Err(e) = sent {
            if let Ok(mut waiting) = self.waiting.lock() {
                waiting.remove(&id);
            }
            return Err(e);
        }
        let reply = match rx.recv_timeout(REPLY_TIMEOUT) {
            Ok(reply) => reply,
            Err(RecvTimeoutError::Timeout) => {
                return Err(DevtoolsError::Timeout {
                    method: method.to_string(),
                });
            }
            Err(RecvTimeoutError::Disconnected) => return Err(self.stopped()),
        };
        if let Some(error) = reply.get("error") {
            return Err(DevtoolsError::Protocol {
                method: method.to_string(),
                message: error["message"].as_str().unwrap_or("?").to_string(),
            });
        }
        Ok(reply.get("result").cloned().unwrap_or(Value::Null))
    }

    /// What Chromium said before it stopped (the last lines of its log).
    fn stopped(&self) -> DevtoolsError {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let tail: Vec<&str> = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .rev()
            .take(3)
            .collect();
        let log = if tail.is_empty() {
            "no error output".to_string()
        } else {
            tail.into_iter().rev().collect::<Vec<_>>().join(" / ")
        };
        DevtoolsError::Stopped { log }
    }

    /// A new tab, attached as its own session, its page events enabled.
    pub(crate) fn tab(&self) -> Result<Tab<'_>, DevtoolsError> {
        let created = self.call(None, "Target.createTarget", json!({"url": "about:blank"}))?;
        let target = created["targetId"].as_str().unwrap_or_default();
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({"targetId": target, "flatten": true}),
        )?;
        let session = attached["sessionId"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let (tx, events) = mpsc::channel();
        if let Ok(mut listening) = self.listening.lock() {
            listening.insert(session.clone(), tx);
        }
        self.call(Some(&session), "Page.enable", json!({}))?;
        Ok(Tab {
            browser: self,
            session,
            events,
        })
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.to.lock().map(|mut to| {
            let _ = to.write_all(b"{\"id\":0,\"method\":\"Browser.close\"}\0");
        });
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// Hands each message on the pipe to whoever waits for it: a reply to its
/// caller by id, an event to its tab by session. At the end of the pipe
/// (Chromium stopped) every waiter hears so, as its channel closes.
fn read_replies(from: std::io::PipeReader, waiting: &Waiting, listening: &Listening) {
    let mut from = BufReader::new(from);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match from.read_until(0, &mut buf) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        if buf.last() == Some(&0) {
            buf.pop();
        }
        let Ok(message) = serde_json::from_slice::<Value>(&buf) else {
            continue;
        };
        if let Some(id) = message.get("id").and_then(Value::as_u64) {
            let tx = waiting.lock().ok().and_then(|mut w| w.remove(&id));
            if let Some(tx) = tx {
                let _ = tx.send(message);
            }
        } else if let Some(session) = message.get("sessionId").and_then(Value::as_str) {
            let tx = listening.lock().ok().and_then(|l| l.get(session).cloned());
            if let Some(tx) = tx {
                let _ = tx.send(message);
            }
        }
    }
    if let Ok(mut w) = waiting.lock() {
        w.clear();
    }
    if let Ok(mut l) = listening.lock() {
        l.clear();
    }
}

/// A tab of a [`Browser`].
pub(crate) struct Tab<'a> {
    browser: &'a Browser,
    session: String,
    events: Receiver<Value>,
}

impl std::fmt::Debug for Tab<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tab")
            .field("session", &self.session)
            .finish()
    }
}

impl Tab<'_> {
    fn call(&self, method: &str, params: Value) -> Result<Value, DevtoolsError> {
        self.browser.call(Some(&self.session), method, params)
    }

    /// Opens `url` and waits for its load event.
    pub(crate) fn open(&self, url: &str) -> Result<(), DevtoolsError> {
        while self.events.try_recv().is_ok() {}
        let navigated = self.call("Page.navigate", json!({"url": url}))?;
        if let Some(error) = navigated.get("errorText").and_then(Value::as_str) {
            return Err(DevtoolsError::Protocol {
                method: "Page.navigate".into(),
                message: error.to_string(),
            });
        }
        let deadline = Instant::now() + REPLY_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(event) if event["method"] == "Page.loadEventFired" => break,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => {
                    return Err(DevtoolsError::Timeout {
                        method: "Page.loadEventFired".into(),
                    });
                }
                Err(RecvTimeoutError::Disconnected) => return Err(self.browser.stopped()),
            }
        }
        Ok(())
    }

    /// Prints the open page ([`Tab::print`]).
    pub(crate) fn pdf(&self) -> Result<Vec<u8>, DevtoolsError> {
        let printed = self.call(
            "Page.printToPDF",
            json!({
                "paperWidth": 8.27,
                "paperHeight": 11.69,
                "printBackground": true,
                "preferCSSPageSize": true,
                "displayHeaderFooter": false,
            }),
        )?;
        let data = printed["data"].as_str().unwrap_or_default();
        base64::engine::general_purpose::STANDARD
            .decode(data)
            .map_err(|e| DevtoolsError::Protocol {
                method: "Page.printToPDF".into(),
                message: format!("its data is not base64: {e}"),
            })
    }
}
