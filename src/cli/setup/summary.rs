//! The wizard's last screen: each step done, skipped or remaining, and the commands that finish
//! what remains. It also decides the exit code.

use std::fmt::Write as _;

use crate::cli::Exit;
use crate::cli::output::{paint, style};
use crate::cli::table::{new_table, render};

/// Where one step ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Done,
    /// Left out on purpose, and nothing is missing because of it (not storing a credential).
    Skipped,
    /// Still to do: counts against exit code 0.
    Remaining,
    /// Outside what atsctl can do or check; listed so it is not forgotten.
    ByHand,
}

impl Status {
    fn label(self) -> &'static str {
        match self {
            Self::Done => "✔ done",
            Self::Skipped => "– skipped",
            Self::Remaining => "✘ remaining",
            Self::ByHand => "☐ by hand",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub(crate) step: String,
    pub(crate) status: Status,
    pub(crate) detail: String,
    /// The command (or instruction) that finishes this step.
    pub(crate) finish: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct Summary {
    rows: Vec<Row>,
    /// A stronger exit code than 1 for what remains: the ATS rejected the credential (3) or could
    /// not be reached (4) and the person went on without a check.
    failure: Option<Exit>,
}

impl Summary {
    /// Records how `step` ended; a step recorded before (a credential typed again) is replaced
    /// where it stands.
    pub(crate) fn add(&mut self, step: impl Into<String>, status: Status, detail: impl Into<String>) {
        self.put(Row {
            step: step.into(),
            status,
            detail: detail.into(),
            finish: None,
        });
    }

    /// Like [`Summary::add`], with the command (or instruction) that finishes the step.
    pub(crate) fn add_with(
        &mut self,
        step: impl Into<String>,
        status: Status,
        detail: impl Into<String>,
        finish: impl Into<String>,
    ) {
        self.put(Row {
            step: step.into(),
            status,
            detail: detail.into(),
            finish: Some(finish.into()),
        });
    }

    fn put(&mut self, row: Row) {
        match self.rows.iter_mut().find(|existing| existing.step == row.step) {
            Some(existing) => *existing = row,
            None => self.rows.push(row),
        }
    }

    pub(crate) fn fail_with(&mut self, exit: Exit) {
        self.failure = Some(exit);
    }

    #[cfg(test)]
    pub(crate) fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// 0 when nothing remains; 1 when something does; 3 or 4 when the check could not run because
    /// the ATS refused the credential or could not be reached.
    pub(crate) fn exit(&self) -> Exit {
        if let Some(failure) = self.failure {
            return failure;
        }
        if self.rows.iter().any(|row| row.status == Status::Remaining) {
            Exit::Findings
        } else {
            Exit::Ok
        }
    }

    /// The table, then what to run or do for each step not done.
    pub(crate) fn render(&self, title: &str) -> String {
        let mut text = String::new();
        let _ = writeln!(text, "\n{}", paint(style::HEADING, title));
        let mut table = new_table(&["Step", "Status", "Details"]);
        for row in &self.rows {
            // Plain text: table cells carry no styles, since the table measures their width.
            table.add_row(vec![
                row.step.clone(),
                row.status.label().to_owned(),
                row.detail.clone(),
            ]);
        }
        text.push_str(&render(&table, 2));
        let remaining: Vec<&Row> = self
            .rows
            .iter()
            .filter(|row| row.status == Status::Remaining && row.finish.is_some())
            .collect();
        if !remaining.is_empty() {
            let _ = writeln!(text, "\n{}", paint(style::EMPHASIS, "To finish what remains:"));
            for row in remaining {
                let _ = writeln!(text, "  {}: {}", row.step, row.finish.as_deref().unwrap_or_default());
            }
        }
        let by_hand: Vec<&Row> = self
            .rows
            .iter()
            .filter(|row| row.status == Status::ByHand && row.finish.is_some())
            .collect();
        if !by_hand.is_empty() {
            let _ = writeln!(text, "\n{}", paint(style::EMPHASIS, "By hand, outside atsctl:"));
            for row in by_hand {
                let _ = writeln!(text, "  {}: {}", row.step, row.finish.as_deref().unwrap_or_default());
            }
        }
        let verdict = match self.exit() {
            Exit::Ok => paint(style::OK, "Everything atsctl can do is done."),
            _ => paint(style::WARNING, "Some steps remain; the commands above finish them."),
        };
        let _ = writeln!(text, "\n{verdict}");
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remaining_steps_decide_the_exit_code_and_list_their_commands() {
        let mut summary = Summary::default();
        summary.add("Credential", Status::Done, "typed");
        summary.add("Stored", Status::Skipped, "not stored");
        summary.add_with("Hand over", Status::ByHand, "", "paste the key in HiPeople");
        assert_eq!(summary.exit(), Exit::Ok);
        summary.add_with("Web hooks", Status::Remaining, "2 of 4", "atsctl apply hipeople");
        assert_eq!(summary.exit(), Exit::Findings);
        let text = summary.render("Summary");
        assert!(
            text.contains("To finish what remains:") && text.contains("\n  Web hooks: atsctl apply hipeople\n"),
            "{text}"
        );
        assert!(
            text.contains("By hand, outside atsctl:") && text.contains("\n  Hand over: paste the key in HiPeople\n"),
            "{text}"
        );
        summary.fail_with(Exit::CredentialRejected);
        assert_eq!(summary.exit(), Exit::CredentialRejected);
        assert_eq!(summary.rows().len(), 4);
        summary.add("Credential", Status::Done, "typed again");
        assert_eq!(summary.rows().len(), 4, "a step is recorded once");
        assert_eq!(summary.rows()[0].detail, "typed again");
    }
}
