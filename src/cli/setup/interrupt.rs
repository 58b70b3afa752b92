//! Ctrl-C during the wizard: say what was saved, put the terminal back, exit 130.
//!
//! dialoguer 0.12's prompts do not return on Ctrl-C by themselves: console switches the terminal
//! to raw mode and, on a ^C byte, raises SIGINT, whose default action kills the process with the
//! cursor hidden (and, in a hidden-input prompt, with echo still off). So the wizard catches
//! SIGINT on a thread of its own. That thread waits for whatever is being saved right now (a
//! secret going into the keyring together with its profile entry: see [`Journal::critical`]),
//! restores the terminal, lists what was saved and exits with 130 (128 + SIGINT, what a shell
//! reports for a process Ctrl-C ended).
//!
//! Nothing else needs undoing: a secret is written only after the person confirmed it, secret
//! and profile entry are written together under the journal's lock, and the web hook progress
//! file is replaced atomically after each confirmation.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::cli::Output;
use crate::cli::output::ColorWhen;

/// The exit code after Ctrl-C.
pub(crate) const INTERRUPTED: u8 = 130;

/// What the wizard has saved so far, for the message after Ctrl-C.
#[derive(Clone)]
pub(crate) struct Journal {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    saved: Vec<String>,
    /// The command that picks up where the wizard stopped.
    resume: Option<String>,
    /// The terminal settings before the first prompt.
    #[cfg(unix)]
    terminal: Option<rustix::termios::Termios>,
}

impl Journal {
    /// Starts catching Ctrl-C. If that cannot be set up, Ctrl-C keeps its default (the process
    /// ends at once), which is still safe for what is saved; the person is told.
    pub(crate) fn start(output: &mut Output) -> Self {
        let state = State {
            #[cfg(unix)]
            terminal: rustix::termios::tcgetattr(std::io::stdin()).ok(),
            ..State::default()
        };
        let journal = Self {
            state: Arc::new(Mutex::new(state)),
        };
        if let Err(error) = journal.watch() {
            output.warning(&format!(
                "Ctrl-C cannot be caught ({error}): it will end atsctl at once; what was saved stays saved"
            ));
        }
        journal
    }

    /// A thread that waits for Ctrl-C. The handler is registered before this returns, so no
    /// prompt runs without it.
    #[cfg(any(unix, windows))]
    fn watch(&self) -> std::io::Result<()> {
        let runtime = crate::cli::runtime::start_io(crate::cli::runtime::Threads::One)?;
        let mut interrupts = {
            let _entered = runtime.enter();
            interrupts()?
        };
        let journal = self.clone();
        std::thread::Builder::new()
            .name("setup-ctrl-c".to_owned())
            .spawn(move || {
                if runtime.block_on(interrupts.recv()).is_some() {
                    journal.interrupted();
                }
            })?;
        Ok(())
    }

    #[cfg(not(any(unix, windows)))]
    fn watch(&self) -> std::io::Result<()> {
        Err(std::io::Error::new(
            std::io::ErrorKind::Unsupported,
            "no Ctrl-C handling on this platform",
        ))
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records something that now outlives the run.
    pub(crate) fn saved(&self, what: impl Into<String>) {
        self.lock().saved.push(what.into());
    }

    /// The command that continues from here, shown after Ctrl-C.
    pub(crate) fn resume_with(&self, command: impl Into<String>) {
        self.lock().resume = Some(command.into());
    }

    /// Runs `work` with Ctrl-C held off until it returns: what it writes is written whole.
    /// `work` records what it saved in the list it is given.
    pub(crate) fn critical<T>(&self, work: impl FnOnce(&mut Vec<String>) -> T) -> T {
        let mut state = self.lock();
        work(&mut state.saved)
    }

    /// After Ctrl-C, from whichever thread sees it first: put the terminal back, say what was
    /// saved and exit. The other thread blocks on the lock until the process ends.
    pub(crate) fn interrupted(&self) -> ! {
        let state = self.lock();
        #[cfg(unix)]
        if let Some(terminal) = &state.terminal {
            let _ = rustix::termios::tcsetattr(std::io::stdin(), rustix::termios::OptionalActions::Now, terminal);
        }
        // Select and Confirm hide the cursor while they wait.
        let _ = dialoguer::console::Term::stderr().show_cursor();
        let mut output = Output::new(ColorWhen::Auto, false);
        output.message(&message(&state.saved, state.resume.as_deref()));
        std::process::exit(i32::from(INTERRUPTED));
    }
}

/// SIGINT, registered at once (a signal handler replaces the default action from here on).
#[cfg(unix)]
fn interrupts() -> std::io::Result<tokio::signal::unix::Signal> {
    tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
}

#[cfg(windows)]
fn interrupts() -> std::io::Result<tokio::signal::windows::CtrlC> {
    tokio::signal::windows::ctrl_c()
}

fn message(saved: &[String], resume: Option<&str>) -> String {
    let mut text = String::from("\n\nInterrupted (Ctrl-C).");
    if saved.is_empty() {
        text.push_str(" Nothing was saved: no credential was stored and no web hook confirmed.\n");
    } else {
        text.push_str(" Saved before stopping, and kept:\n");
        for item in saved {
            text.push_str(&format!("  - {item}\n"));
        }
    }
    if let Some(resume) = resume {
        text.push_str(&format!("To continue: {resume}\n"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_lists_what_was_saved_and_how_to_continue() {
        assert_eq!(
            message(&[], None),
            "\n\nInterrupted (Ctrl-C). Nothing was saved: no credential was stored and no web hook confirmed.\n"
        );
        let text = message(
            &["the client secret, in profile work".to_owned()],
            Some("atsctl setup hipeople --ats greenhouse --profile work"),
        );
        assert!(
            text.contains("  - the client secret, in profile work\n")
                && text.ends_with("To continue: atsctl setup hipeople --ats greenhouse --profile work\n"),
            "{text}"
        );
    }
}
