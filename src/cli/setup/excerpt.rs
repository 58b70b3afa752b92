//! The parts of `plan`'s document the wizard shows at its steps (what must be in place, the
//! partner's authorisation, the scopes to tick), so the wizard says exactly what the plan says,
//! laid out by the same terminal renderer. Sections lose their plan numbers: inside the wizard
//! the step headings count.

use atsctl::document::{self, Block, Section};
use atsctl::plan::Checklist;

/// The plan's sections where the work on the ATS starts; what comes before them is what must be
/// in place first.
const WORK_SECTIONS: [&str; 6] = [
    "section-permissions",
    "section-scopes",
    "section-credential",
    "section-webhooks",
    "section-stages",
    "section-settings",
];

/// The plan's sections, unnumbered. Sections carry no fingerprint (only a document's subject
/// does), so none is needed to make them.
fn sections(checklist: &Checklist) -> Vec<Section> {
    document::plan_document(checklist, "")
        .sections
        .into_iter()
        .map(|section| Section {
            number: None,
            ..section
        })
        .collect()
}

/// What must be in place before the credential: an alternative that replaces the whole setup,
/// the prerequisites, the steps before, a partner's own authorisation, and the warnings.
pub(crate) fn before_you_start(checklist: &Checklist) -> Vec<Section> {
    let all = sections(checklist);
    let mut before: Vec<Section> = all
        .iter()
        .take_while(|section| !WORK_SECTIONS.contains(&section.id.as_str()))
        .cloned()
        .collect();
    before.extend(all.into_iter().filter(|section| section.id == "section-warnings"));
    before
}

/// The connection: the plan's credential section up to its legacy v1 key part, which has a
/// heading of its own and is not this path.
pub(crate) fn connection(checklist: &Checklist) -> Option<Section> {
    up_to_first_heading(checklist, "section-credential")
}

/// The scopes to grant a custom integration's client credentials: the plan's table, without
/// the research notes under its "To check" heading (the plan keeps them).
pub(crate) fn scopes(checklist: &Checklist) -> Option<Section> {
    up_to_first_heading(checklist, "section-scopes")
}

fn up_to_first_heading(checklist: &Checklist, id: &str) -> Option<Section> {
    let mut section = sections(checklist).into_iter().find(|section| section.id == id)?;
    if let Some(heading) = section
        .blocks
        .iter()
        .position(|block| matches!(block, Block::Heading { .. }))
    {
        section.blocks.truncate(heading);
    }
    Some(section)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::render;

    /// A bundled partner's checklist on the ATS named `ats` (command code names no ATS type).
    fn checklist(partner: &str, ats: &str) -> Checklist {
        let bundled = atsctl::manifest::bundled(partner).unwrap();
        let manifest = atsctl::manifest::load(bundled.file, bundled.text).manifest.unwrap();
        let ats = manifest
            .ats_list()
            .into_iter()
            .find(|each| each.as_str() == ats)
            .unwrap();
        atsctl::plan::checklist(&manifest, ats).unwrap()
    }

    #[test]
    fn the_connection_is_the_plans_without_the_legacy_key() {
        let checklist = checklist("headhuntr", "greenhouse");
        let section = connection(&checklist).unwrap();
        assert_eq!(section.number, None);
        let text = render::terminal_sections(&[section], 100);
        assert!(text.contains("Authorize using a service account"), "{text}");
        for scope in checklist.v3_scopes.iter().filter(|scope| scope.required) {
            assert!(text.contains(&scope.scope), "{} missing:\n{text}", scope.scope);
        }
        assert!(!text.contains("Legacy") && !text.contains("client secret"), "{text}");
    }

    #[test]
    fn the_scopes_are_the_plans_table_alone() {
        let checklist = checklist("hipeople", "greenhouse");
        let section = scopes(&checklist).unwrap();
        assert!(matches!(section.blocks.as_slice(), [Block::Table(_)]), "{section:?}");
    }

    #[test]
    fn before_you_start_stops_where_the_work_starts() {
        let checklist = checklist("eqtble", "greenhouse");
        let ids: Vec<String> = before_you_start(&checklist)
            .into_iter()
            .map(|section| section.id)
            .collect();
        assert_eq!(
            ids.first().map(String::as_str),
            Some("section-setup-alternatives"),
            "{ids:?}"
        );
        assert!(ids.iter().any(|id| id == "section-before-you-start"), "{ids:?}");
        assert!(!ids.iter().any(|id| WORK_SECTIONS.contains(&id.as_str())), "{ids:?}");
    }
}
