//! `setup`'s web hook step on an ATS whose web hooks are made by hand: `apply`'s guided
//! checklist, with its progress file.

use atsctl::plan::Checklist;

use crate::cli::apply::guided;
use crate::cli::setup::summary::Status;
use crate::cli::setup::webhooks::STEP;
use crate::cli::setup::{Step, Wizard};

impl Wizard<'_> {
    /// `apply`'s checklist: each web hook with the values to copy, confirmed one by one, progress
    /// saved after each confirmation.
    pub(crate) fn guided_webhooks(&mut self, checklist: &Checklist, finish: &str) -> Step<()> {
        // `setup` has no --reset: point to the command that has.
        let opened = guided::guided_session(checklist, false, self.output).map_err(|mut error| {
            if error.help.iter().any(|help| help.contains("--reset")) {
                error.help = vec![format!(
                    "fix or delete the file, or start over with `{finish} --reset` (this forgets the saved progress)"
                )];
            }
            error
        })?;
        let Some((mut session, file)) = opened else {
            self.summary.add(STEP, Status::Done, "none needed");
            return Ok(());
        };
        self.journal.saved(format!(
            "each web hook confirmed, in {} (the next run resumes there)",
            file.path().display()
        ));
        // --non-interactive: nobody is there to confirm each one; the saved progress stands.
        let total = session.checklist().items.len();
        if self.args.non_interactive {
            self.say(&format!(
                "{} of {total} web hooks confirmed so far; nobody is asked (--non-interactive): `{finish}` walks the \
                 rest.\n",
                session.done_count()
            ));
        } else {
            guided::walk(&mut session, &file, false, &self.fingerprint, self.output)?;
        }
        let done = session.done_count();
        if done == total {
            self.summary.add(
                STEP,
                Status::Done,
                format!("all {total} web hooks created and confirmed"),
            );
        } else {
            self.summary.add_with(
                STEP,
                Status::Remaining,
                format!("{done} of {total} web hooks confirmed"),
                finish,
            );
        }
        Ok(())
    }
}
