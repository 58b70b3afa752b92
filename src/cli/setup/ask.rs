//! The wizard's questions, behind a small interface: at a terminal dialoguer asks them; a test
//! can answer them from a script. The wizard itself never reads the terminal.

use std::io;

use atsctl::http::Secret;
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{Confirm, Input, Password, Select};

/// Why a question got no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Stop {
    /// Ctrl-C.
    Interrupted,
    /// The terminal went away or could not be read.
    Closed(String),
    /// `--non-interactive`, and the answer has no flag that gave it: what to give instead.
    NeedsFlag(String),
}

pub(crate) type Answer<T> = Result<T, Stop>;

/// The kinds of question the wizard asks.
pub(crate) trait Prompter {
    /// One of `items`, by index; `default` is highlighted first.
    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Answer<usize>;
    /// Yes or no; Enter takes `default`.
    fn confirm(&mut self, prompt: &str, default: bool) -> Answer<bool>;
    /// One visible line, trimmed. An empty answer only when `allow_empty`.
    fn text(&mut self, prompt: &str, allow_empty: bool) -> Answer<String>;
    /// A secret, typed without echo. Never empty.
    fn secret(&mut self, prompt: &str) -> Answer<Secret>;
}

/// A person at a terminal (stdin and stderr), through dialoguer.
pub(crate) struct Terminal {
    theme: Box<dyn Theme>,
}

impl Terminal {
    /// `colored`: whether stderr keeps styles (`--color`, `NO_COLOR`).
    pub(crate) fn new(colored: bool) -> Self {
        dialoguer::console::set_colors_enabled_stderr(colored);
        let theme: Box<dyn Theme> = if colored {
            Box::new(ColorfulTheme::default())
        } else {
            Box::new(SimpleTheme)
        };
        Self { theme }
    }
}

/// dialoguer reports Ctrl-C in its raw-mode prompts as an interrupted read (console raises
/// SIGINT first; `interrupt` catches that); anything else means the terminal is gone.
fn stop(error: dialoguer::Error) -> Stop {
    let dialoguer::Error::IO(error) = error;
    match error.kind() {
        io::ErrorKind::Interrupted => Stop::Interrupted,
        _ => Stop::Closed(error.to_string()),
    }
}

impl Prompter for Terminal {
    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Answer<usize> {
        Select::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .items(items)
            .default(default.min(items.len().saturating_sub(1)))
            .interact()
            .map_err(stop)
    }

    fn confirm(&mut self, prompt: &str, default: bool) -> Answer<bool> {
        // Wait for Enter, as every other answer does: a stray keystroke must not answer.
        Confirm::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .default(default)
            .wait_for_newline(true)
            .interact()
            .map_err(stop)
    }

    fn text(&mut self, prompt: &str, allow_empty: bool) -> Answer<String> {
        Input::<String>::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .allow_empty(allow_empty)
            .interact_text()
            .map(|answer| answer.trim().to_owned())
            .map_err(stop)
    }

    fn secret(&mut self, prompt: &str) -> Answer<Secret> {
        loop {
            let answer = Password::with_theme(self.theme.as_ref())
                .with_prompt(prompt)
                .allow_empty_password(true)
                .interact()
                .map_err(stop)?;
            let answer = answer.trim();
            if !answer.is_empty() {
                return Ok(Secret::new(answer));
            }
        }
    }
}

/// `setup --non-interactive`: nothing is asked. A confirmation no flag answered is "no" (nothing
/// is created, stored or confirmed on a script's behalf, and the summary lists it as to do); an
/// optional line is left empty; a choice, a required line or a secret stops the run with what to
/// give instead.
pub(crate) struct NonInteractive;

impl Prompter for NonInteractive {
    fn select(&mut self, prompt: &str, _items: &[String], _default: usize) -> Answer<usize> {
        Err(Stop::NeedsFlag(match prompt {
            "Partner" => "the partner: name it (PARTNER) or give --manifest".to_owned(),
            "ATS" => "the ATS: give --ats".to_owned(),
            "Lever region" => "the Lever region: give --region".to_owned(),
            other => format!("an answer to {other:?}"),
        }))
    }

    fn confirm(&mut self, _prompt: &str, _default: bool) -> Answer<bool> {
        Ok(false)
    }

    fn text(&mut self, prompt: &str, allow_empty: bool) -> Answer<String> {
        if allow_empty {
            return Ok(String::new());
        }
        Err(Stop::NeedsFlag(match prompt {
            "Harvest v3 client id" => "the Harvest v3 client id: give --client-id".to_owned(),
            other => format!("an answer to {other:?}"),
        }))
    }

    fn secret(&mut self, prompt: &str) -> Answer<Secret> {
        Err(Stop::NeedsFlag(format!(
            "the credential ({}): a secret is never a flag, so set the ATSCTL_* variables or store it in a profile with \
             `atsctl auth login` first",
            prompt.trim_end_matches(" (hidden)")
        )))
    }
}

/// Answers from a list, for tests of the wizard's steps.
#[cfg(test)]
pub(crate) mod script {
    use super::{Answer, Prompter, Secret, Stop};

    /// One scripted answer.
    #[derive(Debug, Clone)]
    pub(crate) enum Reply {
        Text(&'static str),
        Secret(&'static str),
        CtrlC,
    }

    /// Replies in order, recording each question asked.
    #[derive(Debug, Default)]
    pub(crate) struct Script {
        pub(crate) replies: std::collections::VecDeque<Reply>,
        pub(crate) asked: Vec<String>,
    }

    impl Script {
        pub(crate) fn new(replies: &[Reply]) -> Self {
            Self {
                replies: replies.iter().cloned().collect(),
                asked: Vec::new(),
            }
        }

        fn next(&mut self, prompt: &str) -> Answer<Reply> {
            self.asked.push(prompt.to_owned());
            match self.replies.pop_front() {
                Some(Reply::CtrlC) => Err(Stop::Interrupted),
                Some(reply) => Ok(reply),
                None => Err(Stop::Closed(format!("no scripted answer for {prompt:?}"))),
            }
        }
    }

    fn unexpected(prompt: &str, reply: &Reply) -> Stop {
        Stop::Closed(format!("{prompt:?} got the scripted answer {reply:?}"))
    }

    impl Prompter for Script {
        /// Takes the default: the steps tested without a terminal ask no choices.
        fn select(&mut self, prompt: &str, _items: &[String], default: usize) -> Answer<usize> {
            self.asked.push(prompt.to_owned());
            Ok(default)
        }

        fn confirm(&mut self, prompt: &str, default: bool) -> Answer<bool> {
            self.asked.push(prompt.to_owned());
            Ok(default)
        }

        fn text(&mut self, prompt: &str, allow_empty: bool) -> Answer<String> {
            match self.next(prompt)? {
                Reply::Text(text) if allow_empty || !text.trim().is_empty() => Ok(text.trim().to_owned()),
                other => Err(unexpected(prompt, &other)),
            }
        }

        fn secret(&mut self, prompt: &str) -> Answer<Secret> {
            match self.next(prompt)? {
                Reply::Secret(secret) => Ok(Secret::new(secret)),
                other => Err(unexpected(prompt, &other)),
            }
        }
    }
}
