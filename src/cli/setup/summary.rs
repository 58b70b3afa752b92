//! The wizard's last screen: each step done, skipped, remaining, by hand or to check by hand,
//! and the commands that finish what remains. It is a [`Document`] (the terminal, Markdown,
//! HTML and JSON renderers show it) and it decides the exit code and the reason for it.

use atsctl::document::{self, Block, Cell, Command, Document, DocumentKind, Section, Subject, Table, Text};
use serde::Serialize;

use crate::cli::Exit;

/// Where one step ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Status {
    Done,
    /// Left out on purpose, and nothing is missing because of it (not storing a credential).
    Skipped,
    /// Still to do: counts against exit code 0.
    Remaining,
    /// Outside what atsctl can do or check; listed so it is not forgotten.
    ByHand,
    /// Done as far as atsctl can tell, but something in it could not be verified: a person
    /// must look. Never shown as done.
    ToCheck,
}

impl Status {
    /// The words the summary shows; no mark that reads as "done" for anything but done.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Done => "✔ done",
            Self::Skipped => "– skipped",
            Self::Remaining => "✘ to do",
            Self::ByHand => "☐ by hand",
            Self::ToCheck => "? to check by hand",
        }
    }

    /// A check that passed with `unverified` items left is not done: it is to check by hand.
    pub(crate) fn after_check(unverified: usize) -> Self {
        if unverified == 0 { Self::Done } else { Self::ToCheck }
    }
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Row {
    pub(crate) step: String,
    pub(crate) status: Status,
    pub(crate) detail: String,
    /// The command (or instruction) that finishes this step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) finish: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct Summary {
    rows: Vec<Row>,
    /// A stronger exit code than 1 for what remains: the ATS rejected the credential (3) or could
    /// not be reached (4) and the person went on without a check.
    failure: Option<Exit>,
}

/// The summary as data, for `--format json`: `exit_code` and `reason` say why the run ended as
/// it did; `steps` are the rows in order.
#[derive(Debug, Serialize)]
pub(crate) struct SummaryData<'a> {
    pub(crate) partner: &'a str,
    pub(crate) ats: &'a str,
    pub(crate) exit_code: u8,
    /// `ok`, `remaining`, `credential_rejected`, `unreachable`.
    pub(crate) outcome: &'static str,
    pub(crate) reason: String,
    pub(crate) steps: &'a [Row],
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

    fn with_status(&self, status: Status) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(move |row| row.status == status)
    }

    /// Why the run ends with [`Summary::exit`], in one sentence.
    pub(crate) fn reason(&self) -> String {
        let remaining: Vec<&str> = self
            .with_status(Status::Remaining)
            .map(|row| row.step.as_str())
            .collect();
        let to_check = self.with_status(Status::ToCheck).count();
        match self.exit() {
            Exit::CredentialRejected => "the ATS rejected the credential, and the check was skipped".to_owned(),
            Exit::Unreachable => "the ATS could not be reached, and the check was skipped".to_owned(),
            Exit::Ok if to_check > 0 => format!(
                "everything atsctl can do is done; {to_check} step{} to check by hand",
                if to_check == 1 { "" } else { "s" }
            ),
            Exit::Ok => "everything atsctl can do is done".to_owned(),
            _ => format!(
                "{} step{} to do: {}",
                remaining.len(),
                if remaining.len() == 1 { "" } else { "s" },
                remaining.join(", ")
            ),
        }
    }

    pub(crate) fn data<'a>(&'a self, subject: &'a Subject) -> SummaryData<'a> {
        let exit = self.exit();
        SummaryData {
            partner: &subject.partner_id,
            ats: &subject.ats,
            exit_code: exit as u8,
            outcome: match exit {
                Exit::Ok => "ok",
                Exit::CredentialRejected => "credential_rejected",
                Exit::Unreachable => "unreachable",
                _ => "remaining",
            },
            reason: self.reason(),
            steps: &self.rows,
        }
    }

    /// The summary as a document: the verdict first, the table of steps, then what to run or do
    /// for each step not done.
    pub(crate) fn document(&self, title: String, subject: Subject) -> Document {
        let verdict = match self.exit() {
            Exit::Ok => Block::Paragraph {
                text: Text::new().strong(capitalised(&self.reason())).plain("."),
            },
            _ => Block::Warning {
                text: Text::from(format!("{}.", capitalised(&self.reason()))),
            },
        };
        let rows = self
            .rows
            .iter()
            .map(|row| document::Row {
                action: None,
                cells: vec![
                    Cell::from(Text::from(row.step.as_str())),
                    Cell::from(Text::from(row.status.label())),
                    Cell::from(Text::from(row.detail.as_str())),
                ],
            })
            .collect::<Vec<document::Row>>();
        let mut sections = vec![Section {
            id: "section-steps".to_owned(),
            number: None,
            heading: "Steps".to_owned(),
            blocks: vec![
                verdict,
                Block::Table(Table {
                    headers: vec!["Step".to_owned(), "Status".to_owned(), "Details".to_owned()],
                    rows,
                }),
            ],
        }];
        let finishing = |status: Status| -> Vec<Block> {
            self.with_status(status)
                .filter_map(|row| {
                    row.finish.as_ref().map(|finish| {
                        if finish.starts_with("atsctl ") {
                            Block::Command(Command {
                                command: finish.clone(),
                                description: Some(Text::from(row.step.as_str())),
                            })
                        } else {
                            Block::Paragraph {
                                text: Text::new().strong(format!("{}: ", row.step)).plain(finish.as_str()),
                            }
                        }
                    })
                })
                .collect()
        };
        for (status, id, heading) in [
            (Status::Remaining, "section-to-finish", "To finish what remains"),
            (Status::ToCheck, "section-to-check", "To check by hand"),
            (Status::ByHand, "section-by-hand", "By hand, outside atsctl"),
        ] {
            let blocks = finishing(status);
            if !blocks.is_empty() {
                sections.push(Section {
                    id: id.to_owned(),
                    number: None,
                    heading: heading.to_owned(),
                    blocks,
                });
            }
        }
        Document {
            kind: DocumentKind::SetupSummary,
            title,
            subtitle: None,
            subject,
            sections,
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject() -> Subject {
        Subject {
            partner_id: "hipeople".into(),
            partner_name: "HiPeople".into(),
            ats: "greenhouse".into(),
            ats_name: "Greenhouse".into(),
            manifest_fingerprint: "0123456789abcdef".into(),
        }
    }

    #[test]
    fn remaining_steps_decide_the_exit_code_and_list_their_commands() {
        let mut summary = Summary::default();
        summary.add("Credential", Status::Done, "typed");
        summary.add("Stored", Status::Skipped, "not stored");
        summary.add_with("Hand over", Status::ByHand, "", "paste the key in HiPeople");
        assert_eq!(summary.exit(), Exit::Ok);
        summary.add_with("Web hooks", Status::Remaining, "2 of 4", "atsctl apply hipeople");
        assert_eq!(summary.exit(), Exit::Findings);
        assert_eq!(summary.reason(), "1 step to do: Web hooks");
        let document = summary.document("Summary".into(), subject());
        let text = crate::cli::render::render(&document, crate::cli::render::DocumentFormat::Markdown, 100);
        assert!(
            text.contains("To finish what remains") && text.contains("atsctl apply hipeople"),
            "{text}"
        );
        assert!(
            text.contains("By hand, outside atsctl") && text.contains("paste the key in HiPeople"),
            "{text}"
        );
        summary.fail_with(Exit::CredentialRejected);
        assert_eq!(summary.exit(), Exit::CredentialRejected);
        assert_eq!(summary.rows().len(), 4);
        summary.add("Credential", Status::Done, "typed again");
        assert_eq!(summary.rows().len(), 4, "a step is recorded once");
        assert_eq!(summary.rows()[0].detail, "typed again");
    }

    #[test]
    fn unverified_never_reads_as_done() {
        let mut summary = Summary::default();
        summary.add(
            "Check the credential",
            Status::after_check(3),
            "10 granted, 0 missing, 3 unverified",
        );
        assert_eq!(summary.exit(), Exit::Ok);
        assert_eq!(
            summary.reason(),
            "everything atsctl can do is done; 1 step to check by hand"
        );
        let document = summary.document("Summary".into(), subject());
        for width in [60, 80, 120] {
            let text = crate::cli::render::render(&document, crate::cli::render::DocumentFormat::Terminal, width);
            // A grid keeps the row on one line; row blocks put each cell under the step.
            let row: String = text
                .lines()
                .skip_while(|line| !line.contains("Check the credential"))
                .take(3)
                .collect();
            assert!(!row.contains('✔') && !row.contains("done"), "{width}: {row}");
            assert!(row.contains("to check by hand"), "{width}: {row}");
        }
        assert_eq!(Status::after_check(0), Status::Done);
    }
}
