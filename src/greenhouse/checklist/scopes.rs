//! The Harvest v3 scopes a checklist asks for: deduplicated, with the best evidence behind each,
//! what to check where the evidence is weak, and how much each scope lets the partner change.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::{Catalog, Confidence, Permission};
use crate::manifest::{Connection, Need, PermissionNeed};
use crate::plan::is_partner;

#[derive(Debug, Clone, Serialize)]
pub struct ScopeItem {
    pub scope: String,
    /// Needed by at least one required permission.
    pub required: bool,
    /// The best confidence among the mappings that lead to this scope: one well-evidenced
    /// mapping is enough to know the scope is needed.
    pub confidence: Confidence,
    /// The v1 permission labels this scope stands in for.
    pub replaces: Vec<String>,
    /// What the scope lets the partner do to the data.
    pub access: ScopeAccess,
    /// For a scope that is not high confidence: what to check, and where.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<String>,
}

/// What a scope lets the partner do to the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ScopeAccess {
    /// `:list`: reads only.
    Read,
    /// Creates or changes records.
    Write,
    /// Deletes records, or changes them beyond undoing: a merge removes one candidate, an
    /// anonymisation erases personal data, a deactivation or revocation takes access away.
    Destroy,
}

impl ScopeAccess {
    /// From the action of `harvest:<resource>:<action>`.
    pub fn of(scope: &str) -> Self {
        match scope.rsplit(':').next().unwrap_or_default() {
            "list" => Self::Read,
            "destroy" | "anonymize" | "merge" | "deactivate" | "revoke_permissions" => Self::Destroy,
            _ => Self::Write,
        }
    }
}

/// The deduplicated v3 scopes to grant, sorted by name.
pub(super) fn scopes(needs: &[PermissionNeed], connection: Connection) -> Vec<ScopeItem> {
    let mut scopes: BTreeMap<&str, (ScopeItem, Vec<&Permission>)> = BTreeMap::new();
    for need in needs {
        let permission = need.permission;
        for scope in permission.v3.scopes().iter() {
            let (item, sources) = scopes.entry(scope).or_insert_with(|| {
                (
                    ScopeItem {
                        scope: scope.to_owned(),
                        required: false,
                        confidence: Confidence::None,
                        replaces: Vec::new(),
                        access: ScopeAccess::of(scope),
                        check: None,
                    },
                    Vec::new(),
                )
            });
            item.required |= need.need == Need::Required;
            item.confidence = item.confidence.max(permission.v3.confidence);
            item.replaces.push(permission.label().to_owned());
            sources.push(permission);
        }
    }
    scopes
        .into_values()
        .map(|(mut item, sources)| {
            if item.confidence < Confidence::High {
                item.check = Some(check(&item, &sources, connection));
            }
            item
        })
        .collect()
}

/// What to check for a scope whose mapping is not certain: that it covers what each v1
/// permission did, in Greenhouse's v3 docs (which list the endpoints a scope guards).
fn check(item: &ScopeItem, sources: &[&Permission], connection: Connection) -> String {
    let guarded = Catalog::bundled()
        .harvest
        .scope(&item.scope)
        .map(|scope| scope.endpoints().iter().collect::<Vec<_>>().join(", "))
        .filter(|endpoints| !endpoints.is_empty());
    let covers: Vec<String> = sources
        .iter()
        .map(|permission| match &permission.primary_endpoint().path() {
            Some(path) => format!("\"{}\" ({} {path})", permission.label(), permission.method()),
            None => format!("\"{}\"", permission.label()),
        })
        .collect();
    let mut notes: Vec<&str> = sources
        .iter()
        .flat_map(|permission| permission.v3.notes().iter())
        .filter(|note| !note.is_empty())
        .collect();
    notes.dedup();
    let notes = if notes.is_empty() {
        String::new()
    } else {
        format!(" (reference notes: {})", notes.join("; "))
    };
    let place = if is_partner(connection) {
        "In Greenhouse's Harvest v3 docs, or on the authorisation screen"
    } else {
        "In Greenhouse's Harvest v3 docs, where each scope lists the endpoints it guards"
    };
    format!(
        "{place}, check that {}{} covers what {} did: the v1→v3 mapping is {} confidence{notes}.",
        item.scope,
        guarded.map(|endpoints| format!(" ({endpoints})")).unwrap_or_default(),
        covers.join(" and "),
        item.confidence.as_str()
    )
}

/// A warning that names the scopes that delete or irreversibly change data, with the other
/// writes, for any manifest that asks for at least one: the admin should know how broad the
/// access is before granting it.
pub(super) fn least_privilege_warning(scopes: &[ScopeItem], partner: &str, connection: Connection) -> Option<String> {
    let names = |access: ScopeAccess| -> Vec<&str> {
        scopes
            .iter()
            .filter(|scope| scope.access == access)
            .map(|scope| scope.scope.as_str())
            .collect()
    };
    let destroy = names(ScopeAccess::Destroy);
    if destroy.is_empty() {
        return None;
    }
    let write = names(ScopeAccess::Write);
    let writes = if write.is_empty() {
        String::new()
    } else {
        format!(
            " and {} more that create or change data: {}",
            write.len(),
            write.join(", ")
        )
    };
    let what_to_do = if is_partner(connection) {
        format!("Ask {partner} which features need each before you authorise")
    } else {
        format!("Grant them only if {partner} confirms a feature needs each")
    };
    Some(format!(
        "Least privilege: {partner} asks for {} scopes that change data: {} that delete or cannot be undone ({}){writes}. \
         {what_to_do}.",
        destroy.len() + write.len(),
        destroy.len(),
        destroy.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_follows_the_action() {
        assert_eq!(ScopeAccess::of("harvest:jobs:list"), ScopeAccess::Read);
        assert_eq!(ScopeAccess::of("harvest:jobs:create"), ScopeAccess::Write);
        assert_eq!(ScopeAccess::of("harvest:applications:move"), ScopeAccess::Write);
        assert_eq!(ScopeAccess::of("harvest:candidates:destroy"), ScopeAccess::Destroy);
        assert_eq!(ScopeAccess::of("harvest:candidates:anonymize"), ScopeAccess::Destroy);
        assert_eq!(ScopeAccess::of("harvest:candidates:merge"), ScopeAccess::Destroy);
    }

    fn item(scope: &str) -> ScopeItem {
        ScopeItem {
            scope: scope.to_owned(),
            required: true,
            confidence: Confidence::High,
            replaces: Vec::new(),
            access: ScopeAccess::of(scope),
            check: None,
        }
    }

    #[test]
    fn the_warning_needs_a_destructive_scope_and_counts_every_write() {
        let reads_and_writes = [item("harvest:jobs:list"), item("harvest:notes:create")];
        assert_eq!(
            least_privilege_warning(&reads_and_writes, "Acme", Connection::Partner),
            None
        );
        let with_delete = [
            item("harvest:jobs:list"),
            item("harvest:notes:create"),
            item("harvest:candidates:destroy"),
        ];
        let warning = least_privilege_warning(&with_delete, "Acme", Connection::Partner).expect("a warning");
        assert!(
            warning.starts_with(
                "Least privilege: Acme asks for 2 scopes that change data: 1 that delete or cannot be undone \
                 (harvest:candidates:destroy) and 1 more that create or change data: harvest:notes:create."
            ),
            "{warning}"
        );
        assert!(!warning.contains("jobs:list"));
    }
}
