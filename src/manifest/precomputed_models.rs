// Generated from integrations/*.yaml by the loader: `ATSCTL_BLESS=1 cargo test --lib manifest::precomputed`.
// Do not edit; see src/manifest/precomputed.rs.

/// Each bundled manifest's file, the fingerprint of the text it was generated from, and
/// the function that builds what the loader gives for that text.
const PRECOMPUTED: &[Precomputed] = &[
    Precomputed {
        file: "integrations/eqtble.yaml",
        fingerprint: "c18e958ad67549b7",
        build: eqtble,
    },
    Precomputed {
        file: "integrations/headhuntr.yaml",
        fingerprint: "486431ee94c83f06",
        build: headhuntr,
    },
    Precomputed {
        file: "integrations/hipeople.yaml",
        fingerprint: "c0f5ac3e0d488a4a",
        build: hipeople,
    },
    Precomputed {
        file: "integrations/resource-io.yaml",
        fingerprint: "a587d50119e713da",
        build: resource_io,
    },
];

/// What the loader gives for `integrations/eqtble.yaml`.
#[allow(clippy::too_many_lines)]
fn eqtble() -> Option<Loaded> {
    Some(Loaded {
        manifest: Some(Manifest {
            partner: Partner {
                id: s("eqtble"),
                name: s("eqtble"),
                support_email: s("support@eqtble.com"),
                website: Some(s("https://eqtble.com")),
            },
            greenhouse: Some(GreenhouseSetup {
                guide: Some(Guide {
                    title: s("eqtble (Greenhouse Recruiting integration article)"),
                    url: None,
                    predates_v3: true,
                }),
                connection: Connection::Partner,
                authorization_start: None,
                prerequisites: Prerequisites {
                    role: None,
                    developer_permissions: vec![
                        s("Manage ALL organization's API Credentials"),
                        s("Can manage and configure web hooks"),
                    ],
                    help: None,
                },
                credential: Credential {
                    api_type: s("Harvest"),
                    partner_option: Some(s("eqtble")),
                    partner_option_optional: true,
                    description: Some(s("eqtble Harvest API key")),
                    hand_over: Some(s("Log in to eqtble → Admin (left panel) → Integrations → Greenhouse. Paste the key into the integration form and click Save; eqtble syncs your Greenhouse data from there.")),
                },
                policy: Policy {
                    read_only: true,
                    forbid_methods: Vec::new(),
                    reason: Some(s("eqtble needs read only access to all endpoints.")),
                },
                permissions: vec![
                    PermissionNeed {
                        permission: harvest_permission("Applications", "GET: Retrieve Application")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Applications", "GET: List Applications")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Activity Feed", "GET: Retrieve Activity Feed")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "GET: Retrieve Candidate")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "GET: List Candidates")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Tags", "GET: List tags applied to candidate")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Tags", "GET: List Candidate Tags")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Scorecards", "GET: Retrieve Application's Scorecard")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Scorecards", "GET: List Scorecards for Application")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Scorecards", "GET: Retrieve Scorecard")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Scorecards", "GET: List Scorecards")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Offers", "GET: List Application's Offers")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Offers", "GET: Retrieve Application's Current Offer")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Offers", "GET: Retrieve Offer")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Offers", "GET: List Offers")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Scheduled Interviews", "GET: List Interviews for Application")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Scheduled Interviews", "GET: Retrieve Interview")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Scheduled Interviews", "GET: List Interviews")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Departments", "GET: Retrieve Department")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Departments", "GET: List Departments")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Email Templates", "GET: Retrieve Email Template")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Email Templates", "GET: List Email Templates")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Jobs", "GET: Retrieve Job")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Jobs", "GET: List Jobs")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Jobs", "GET: Get hiring team")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Job Posts", "GET: List Job Posts")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Job Posts", "GET: Retrieve Job Post for Job")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Job Posts", "GET: List Job Posts for Job")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Job Posts", "GET: Retrieve Custom Locations for Job Post")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Job Posts", "GET: Retrieve Job Post")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Job Stages", "GET: Retrieve Job Stage")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Job Stages", "GET: List Job Stages")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Job Stages", "GET: List Job Stages for Job")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Job Openings", "GET: List Openings for a job")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Job Openings", "GET: Single Opening For Job")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Offices", "GET: Retrieve Office")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Offices", "GET: List Offices")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Rejection Reasons", "GET: List Rejection Reasons")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Sources", "GET: List Sources")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("User Roles", "GET: List User Roles")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Prospect Pool", "GET: Retrieve Prospect Pool")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Prospect Pool", "GET: List Prospect Pools")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Tracking Links", "GET: Retrieve Job Tracking Link")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Custom Fields", "GET: Get custom fields")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Custom Fields", "GET: Retrieve Custom Field")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Custom Field Options", "GET: Custom Field Options")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Close Reasons", "GET: Get close reasons")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Education", "GET: Get degrees")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Education", "GET: Get disciplines")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Education", "GET: Get schools")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Approvals", "GET: List Approvals For Job")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Approvals", "GET: Retrieve Approval Flow")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Approvals", "GET: Pending Approvals For User")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Users", "GET: List User Job Permissions")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Users", "GET: List User Future Job Permissions")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Users", "GET: List Users")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Users", "GET: Retrieve User")?,
                        need: Need::Required,
                    },
                ],
                webhooks: vec![
                    GreenhouseWebhook {
                        name: s("eqtble-integration"),
                        event: greenhouse_event("new_candidate_application")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by eqtble (the same for every web hook).")),
                        },
                        secret: Secret {
                            source: SecretSource::HarvestApiKey,
                            instructions: Some(s("The article says \"The Secret Key provided by eqtble\"; atsctl's reference facts record that eqtble asks customers to use the Harvest API key here. Unsafe: see the warnings.")),
                        },
                        error_recipient: None,
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("eqtble-integration"),
                        event: greenhouse_event("delete_application")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by eqtble (the same for every web hook).")),
                        },
                        secret: Secret {
                            source: SecretSource::HarvestApiKey,
                            instructions: Some(s("The article says \"The Secret Key provided by eqtble\"; atsctl's reference facts record that eqtble asks customers to use the Harvest API key here. Unsafe: see the warnings.")),
                        },
                        error_recipient: None,
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("eqtble-integration"),
                        event: greenhouse_event("hire_candidate")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by eqtble (the same for every web hook).")),
                        },
                        secret: Secret {
                            source: SecretSource::HarvestApiKey,
                            instructions: Some(s("The article says \"The Secret Key provided by eqtble\"; atsctl's reference facts record that eqtble asks customers to use the Harvest API key here. Unsafe: see the warnings.")),
                        },
                        error_recipient: None,
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("eqtble-integration"),
                        event: greenhouse_event("merge_candidate")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by eqtble (the same for every web hook).")),
                        },
                        secret: Secret {
                            source: SecretSource::HarvestApiKey,
                            instructions: Some(s("The article says \"The Secret Key provided by eqtble\"; atsctl's reference facts record that eqtble asks customers to use the Harvest API key here. Unsafe: see the warnings.")),
                        },
                        error_recipient: None,
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("eqtble-integration"),
                        event: greenhouse_event("candidate_stage_change")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by eqtble (the same for every web hook).")),
                        },
                        secret: Secret {
                            source: SecretSource::HarvestApiKey,
                            instructions: Some(s("The article says \"The Secret Key provided by eqtble\"; atsctl's reference facts record that eqtble asks customers to use the Harvest API key here. Unsafe: see the warnings.")),
                        },
                        error_recipient: None,
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("eqtble-integration"),
                        event: greenhouse_event("unhire_candidate")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by eqtble (the same for every web hook).")),
                        },
                        secret: Secret {
                            source: SecretSource::HarvestApiKey,
                            instructions: Some(s("The article says \"The Secret Key provided by eqtble\"; atsctl's reference facts record that eqtble asks customers to use the Harvest API key here. Unsafe: see the warnings.")),
                        },
                        error_recipient: None,
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("eqtble-integration"),
                        event: greenhouse_event("reject_candidate")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by eqtble (the same for every web hook).")),
                        },
                        secret: Secret {
                            source: SecretSource::HarvestApiKey,
                            instructions: Some(s("The article says \"The Secret Key provided by eqtble\"; atsctl's reference facts record that eqtble asks customers to use the Harvest API key here. Unsafe: see the warnings.")),
                        },
                        error_recipient: None,
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("eqtble-integration"),
                        event: greenhouse_event("unreject_candidate")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by eqtble (the same for every web hook).")),
                        },
                        secret: Secret {
                            source: SecretSource::HarvestApiKey,
                            instructions: Some(s("The article says \"The Secret Key provided by eqtble\"; atsctl's reference facts record that eqtble asks customers to use the Harvest API key here. Unsafe: see the warnings.")),
                        },
                        error_recipient: None,
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("eqtble-integration"),
                        event: greenhouse_event("delete_candidate")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by eqtble (the same for every web hook).")),
                        },
                        secret: Secret {
                            source: SecretSource::HarvestApiKey,
                            instructions: Some(s("The article says \"The Secret Key provided by eqtble\"; atsctl's reference facts record that eqtble asks customers to use the Harvest API key here. Unsafe: see the warnings.")),
                        },
                        error_recipient: None,
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("eqtble-integration"),
                        event: greenhouse_event("department_deleted")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by eqtble (the same for every web hook).")),
                        },
                        secret: Secret {
                            source: SecretSource::HarvestApiKey,
                            instructions: Some(s("The article says \"The Secret Key provided by eqtble\"; atsctl's reference facts record that eqtble asks customers to use the Harvest API key here. Unsafe: see the warnings.")),
                        },
                        error_recipient: None,
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("eqtble-integration"),
                        event: greenhouse_event("interview_deleted")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by eqtble (the same for every web hook).")),
                        },
                        secret: Secret {
                            source: SecretSource::HarvestApiKey,
                            instructions: Some(s("The article says \"The Secret Key provided by eqtble\"; atsctl's reference facts record that eqtble asks customers to use the Harvest API key here. Unsafe: see the warnings.")),
                        },
                        error_recipient: None,
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("eqtble-integration"),
                        event: greenhouse_event("job_created")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by eqtble (the same for every web hook).")),
                        },
                        secret: Secret {
                            source: SecretSource::HarvestApiKey,
                            instructions: Some(s("The article says \"The Secret Key provided by eqtble\"; atsctl's reference facts record that eqtble asks customers to use the Harvest API key here. Unsafe: see the warnings.")),
                        },
                        error_recipient: None,
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("eqtble-integration"),
                        event: greenhouse_event("job_updated")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by eqtble (the same for every web hook).")),
                        },
                        secret: Secret {
                            source: SecretSource::HarvestApiKey,
                            instructions: Some(s("The article says \"The Secret Key provided by eqtble\"; atsctl's reference facts record that eqtble asks customers to use the Harvest API key here. Unsafe: see the warnings.")),
                        },
                        error_recipient: None,
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("eqtble-integration"),
                        event: greenhouse_event("job_deleted")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by eqtble (the same for every web hook).")),
                        },
                        secret: Secret {
                            source: SecretSource::HarvestApiKey,
                            instructions: Some(s("The article says \"The Secret Key provided by eqtble\"; atsctl's reference facts record that eqtble asks customers to use the Harvest API key here. Unsafe: see the warnings.")),
                        },
                        error_recipient: None,
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("eqtble-integration"),
                        event: greenhouse_event("job_post_deleted")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by eqtble (the same for every web hook).")),
                        },
                        secret: Secret {
                            source: SecretSource::HarvestApiKey,
                            instructions: Some(s("The article says \"The Secret Key provided by eqtble\"; atsctl's reference facts record that eqtble asks customers to use the Harvest API key here. Unsafe: see the warnings.")),
                        },
                        error_recipient: None,
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("eqtble-integration"),
                        event: greenhouse_event("job_interview_stage_deleted")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by eqtble (the same for every web hook).")),
                        },
                        secret: Secret {
                            source: SecretSource::HarvestApiKey,
                            instructions: Some(s("The article says \"The Secret Key provided by eqtble\"; atsctl's reference facts record that eqtble asks customers to use the Harvest API key here. Unsafe: see the warnings.")),
                        },
                        error_recipient: None,
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("eqtble-integration"),
                        event: greenhouse_event("offer_created")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by eqtble (the same for every web hook).")),
                        },
                        secret: Secret {
                            source: SecretSource::HarvestApiKey,
                            instructions: Some(s("The article says \"The Secret Key provided by eqtble\"; atsctl's reference facts record that eqtble asks customers to use the Harvest API key here. Unsafe: see the warnings.")),
                        },
                        error_recipient: None,
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("eqtble-integration"),
                        event: greenhouse_event("offer_updated")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by eqtble (the same for every web hook).")),
                        },
                        secret: Secret {
                            source: SecretSource::HarvestApiKey,
                            instructions: Some(s("The article says \"The Secret Key provided by eqtble\"; atsctl's reference facts record that eqtble asks customers to use the Harvest API key here. Unsafe: see the warnings.")),
                        },
                        error_recipient: None,
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("eqtble-integration"),
                        event: greenhouse_event("offer_deleted")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by eqtble (the same for every web hook).")),
                        },
                        secret: Secret {
                            source: SecretSource::HarvestApiKey,
                            instructions: Some(s("The article says \"The Secret Key provided by eqtble\"; atsctl's reference facts record that eqtble asks customers to use the Harvest API key here. Unsafe: see the warnings.")),
                        },
                        error_recipient: None,
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("eqtble-integration"),
                        event: greenhouse_event("office_deleted")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by eqtble (the same for every web hook).")),
                        },
                        secret: Secret {
                            source: SecretSource::HarvestApiKey,
                            instructions: Some(s("The article says \"The Secret Key provided by eqtble\"; atsctl's reference facts record that eqtble asks customers to use the Harvest API key here. Unsafe: see the warnings.")),
                        },
                        error_recipient: None,
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("eqtble-integration"),
                        event: greenhouse_event("scorecard_deleted")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by eqtble (the same for every web hook).")),
                        },
                        secret: Secret {
                            source: SecretSource::HarvestApiKey,
                            instructions: Some(s("The article says \"The Secret Key provided by eqtble\"; atsctl's reference facts record that eqtble asks customers to use the Harvest API key here. Unsafe: see the warnings.")),
                        },
                        error_recipient: None,
                        note: None,
                        guess: None,
                    },
                ],
                stages: Vec::new(),
                settings: Vec::new(),
                steps: Vec::new(),
                alternatives: vec![
                    Alternative {
                        name: s("Greenhouse BI Connector"),
                        instructions: s("If you already have the Greenhouse BI Connector, email eqtble: they sync your data from your existing S3 bucket, and none of the steps below are needed."),
                        contact: Some(s("hello@eqtble.com")),
                        replaces_setup: true,
                    },
                ],
                warnings: Vec::new(),
            }),
            lever: None,
            ashby: None,
            notes: vec![
                Note {
                    kind: NoteKind::Correction,
                    about: Some(s("greenhouse.permissions.Applications")),
                    guide_says: Some(s("The article writes \"Get: List Application\".")),
                    instead: Some(s("The manifest uses Greenhouse's label \"GET: List Applications\" (GET /v1/applications).")),
                    certainty: Some(Certainty::Verified),
                    text: None,
                },
                Note {
                    kind: NoteKind::Correction,
                    about: Some(s("greenhouse.permissions.Offices")),
                    guide_says: Some(s("The article runs two lines together as \"GET: List Offices Rejection Reasons\", then has a \"Rejection Reasons\" heading.")),
                    instead: Some(s("The manifest reads \"GET: List Offices\" followed by the \"Rejection Reasons\" heading, which the article then repeats.")),
                    certainty: Some(Certainty::Verified),
                    text: None,
                },
                Note {
                    kind: NoteKind::Correction,
                    about: Some(s("greenhouse.permissions.Job Posts")),
                    guide_says: Some(s("The article has a \"Custom Locations\" heading with \"GET: Retrieve Custom Location for Job Board\".")),
                    instead: Some(s("atsctl's reference knows neither that category nor that label; the only custom-location permission it knows is \"GET: Retrieve Custom Locations for Job Post\" (GET /v1/job_posts/{id}/custom_locations) under Job Posts, which the manifest lists. That label comes from Greenhouse's API docs: the permission screen may word it as the article does, so find it by its endpoint.")),
                    certainty: Some(Certainty::ApiDocs),
                    text: None,
                },
                Note {
                    kind: NoteKind::Correction,
                    about: Some(s("greenhouse.permissions.Scheduled Interviews")),
                    guide_says: Some(s("The article writes \"GET: List interview for Application\".")),
                    instead: Some(s("The manifest uses Greenhouse's label \"GET: List Interviews for Application\".")),
                    certainty: Some(Certainty::Verified),
                    text: None,
                },
                Note {
                    kind: NoteKind::Correction,
                    about: Some(s("greenhouse.permissions.Scheduled Interviews")),
                    guide_says: Some(s("The article lists \"GET: List Interviews Activity Feed\", which is not a Greenhouse label.")),
                    instead: Some(s("The manifest reads it as \"GET: List Interviews\" (GET /v1/scheduled_interviews), the only other GET in the category; `all_get: required` selects it either way.")),
                    certainty: Some(Certainty::Inferred),
                    text: None,
                },
                Note {
                    kind: NoteKind::Correction,
                    about: Some(s("greenhouse.permissions")),
                    guide_says: Some(s("The article shortens \"GET: Get custom fields\" to \"GET: Custom Fields\" and \"GET: Get close reasons\" to \"GET: Close Reasons\".")),
                    instead: Some(s("The manifest uses the labels as Greenhouse's permission screen shows them.")),
                    certainty: Some(Certainty::Verified),
                    text: None,
                },
                Note {
                    kind: NoteKind::Correction,
                    about: Some(s("greenhouse.permissions.Approvals")),
                    guide_says: Some(s("The article lists \"GET: List Approval Flows for Jobs\" and \"GET: Get single Approval Flow\".")),
                    instead: Some(s("The manifest uses \"GET: List Approvals For Job\" (GET /v1/jobs/{id}/approval_flows) and \"GET: Retrieve Approval Flow\" (GET /v1/approval_flows/{id}), the labels in Greenhouse's API docs; the permission screen may word them as the article does, so find them by their endpoints.")),
                    certainty: Some(Certainty::ApiDocs),
                    text: None,
                },
                Note {
                    kind: NoteKind::Clarification,
                    about: Some(s("greenhouse.permissions")),
                    guide_says: Some(s("\"Eqtble needs read only access to all endpoints. For each permission type, select all Get: actions and verify that the following permissions are selected\", then a list that leaves out some GETs of its own categories.")),
                    instead: Some(s("Every listed category is `all_get: required`, so the GETs the list leaves out are required too: \"GET: Retrieve Job Post\", \"GET: Single Opening For Job\", \"GET: List Prospect Pools\", \"GET: Retrieve Custom Field\" and \"GET: Pending Approvals For User\".")),
                    certainty: Some(Certainty::Verified),
                    text: None,
                },
                Note {
                    kind: NoteKind::Clarification,
                    about: Some(s("greenhouse.permissions.Users")),
                    guide_says: Some(s("The article asks for read access to \"all endpoints\" but its list has no Users category.")),
                    instead: Some(s("The manifest requires the four Users GETs as well. It leaves out EEOC and Demographic Data, which \"all endpoints\" would also take in: they hold candidates' self-identification answers, and the article names neither. Ask eqtble before granting them.")),
                    certainty: Some(Certainty::Inferred),
                    text: None,
                },
                Note {
                    kind: NoteKind::Clarification,
                    about: Some(s("greenhouse.prerequisites")),
                    guide_says: Some(s("The article does not name the developer permissions its steps need.")),
                    instead: Some(s("The manifest adds \"Manage ALL organization's API Credentials\" (creating the Harvest key) and \"Can manage and configure web hooks\" (creating web hooks), as Headhuntr.io's and Resource.io's guides name them for the same screens.")),
                    certainty: Some(Certainty::Verified),
                    text: None,
                },
                Note {
                    kind: NoteKind::Clarification,
                    about: Some(s("greenhouse.webhooks")),
                    guide_says: Some(s("The article names every web hook \"eqtble-integration\", gives each the Endpoint URL \"provided by eqtble\", and says the Secret Key is \"The Secret Key provided by eqtble\".")),
                    instead: Some(s("The manifest keeps the one name and endpoint. For the secret it records what atsctl's reference facts say, not the article: that eqtble asks customers to use the Harvest API key as the web hook secret, so plan and lint warn. On Harvest v3 there is no key to reuse: use the secret eqtble provides, or a long random value you give eqtble.")),
                    certainty: Some(Certainty::Inferred),
                    text: None,
                },
            ],
        }),
        diagnostics: vec![
            Diagnostic {
                code: Code::SecretReusesCredential,
                severity: Severity::Warning,
                file: s("integrations/eqtble.yaml"),
                location: Some(Location {
                    line: 181,
                    column: 13,
                    byte_start: 5620,
                    byte_end: 5635,
                }),
                message: s("the webhook secret is the Harvest API key: anyone who can read the webhook settings learns the key"),
                help: Some(s("ask the partner for a separate webhook secret (`from: partner-dashboard`, `partner-team` or `customer-chosen`)")),
            },
        ],
    })
}

/// What the loader gives for `integrations/headhuntr.yaml`.
#[allow(clippy::too_many_lines)]
fn headhuntr() -> Option<Loaded> {
    Some(Loaded {
        manifest: Some(Manifest {
            partner: Partner {
                id: s("headhuntr"),
                name: s("Headhuntr.io"),
                support_email: s("contact@headhuntr.io"),
                website: Some(s("https://headhuntr.io")),
            },
            greenhouse: Some(GreenhouseSetup {
                guide: Some(Guide {
                    title: s("Greenhouse Integration in headhuntr.io"),
                    url: None,
                    predates_v3: true,
                }),
                connection: Connection::Partner,
                authorization_start: None,
                prerequisites: Prerequisites {
                    role: None,
                    developer_permissions: vec![
                        s("Manage ALL organization's API Credentials"),
                        s("Can manage and configure web hooks"),
                    ],
                    help: Some(s("If you lack them, ask a Greenhouse Site Admin who has \"Can edit another user's advanced permissions\" to give them to you: Configure → Users → your name → Permissions → Developer Permissions → tick the permissions above.")),
                },
                credential: Credential {
                    api_type: s("Harvest"),
                    partner_option: Some(s("Headhuntr.io")),
                    partner_option_optional: false,
                    description: Some(s("Harvest API Key for Headhuntr")),
                    hand_over: Some(s("Store the key securely, then add it in Headhuntr.io (License Information → Configure ATS); see the last step.")),
                },
                policy: Policy {
                    read_only: false,
                    forbid_methods: vec![
                        Method::Delete,
                    ],
                    reason: Some(s("No Delete permissions are required by Headhuntr.io.")),
                },
                permissions: vec![
                    PermissionNeed {
                        permission: harvest_permission("Applications", "GET: Retrieve Application")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Applications", "PATCH: Update Application")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "GET: Retrieve Candidate")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "POST: Add Note")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "POST: Add Attachment")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "POST: Add Application")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "POST: Add Candidate")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "POST: Add Education")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "POST: Add Employment")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "POST: Add Prospect")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "GET: List Candidates")?,
                        need: Need::Optional,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "PATCH: Edit Candidate")?,
                        need: Need::Optional,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Users", "GET: List Users")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Departments", "GET: List Departments")?,
                        need: Need::Optional,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Departments", "GET: Retrieve Department")?,
                        need: Need::Optional,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Jobs", "GET: List Jobs")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Jobs", "GET: Retrieve Job")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Job Posts", "GET: List Job Posts")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Job Posts", "GET: Retrieve Job Post")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Job Posts", "GET: List Job Posts for Job")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Job Posts", "GET: Retrieve Job Post for Job")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Job Stages", "GET: List Job Stages")?,
                        need: Need::Optional,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Job Stages", "GET: List Job Stages for Job")?,
                        need: Need::Optional,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Job Stages", "GET: Retrieve Job Stage")?,
                        need: Need::Optional,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Sources", "GET: List Sources")?,
                        need: Need::Optional,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Prospect Pool", "GET: List Prospect Pools")?,
                        need: Need::Optional,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Prospect Pool", "GET: Retrieve Prospect Pool")?,
                        need: Need::Optional,
                    },
                ],
                webhooks: vec![
                    GreenhouseWebhook {
                        name: s("Headhuntr.io-Candidate Hired"),
                        event: greenhouse_event("hire_candidate")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by the Headhuntr.io Onboarding Team.")),
                        },
                        secret: Secret {
                            source: SecretSource::PartnerTeam,
                            instructions: Some(s("The secret key provided by the Headhuntr.io Onboarding Team.")),
                        },
                        error_recipient: Some(s("ats@headhuntr.io")),
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("Headhuntr.io-Candidate Stage Change"),
                        event: greenhouse_event("candidate_stage_change")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by the Headhuntr.io Onboarding Team.")),
                        },
                        secret: Secret {
                            source: SecretSource::PartnerTeam,
                            instructions: Some(s("The secret key provided by the Headhuntr.io Onboarding Team.")),
                        },
                        error_recipient: Some(s("ats@headhuntr.io")),
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("Headhuntr.io-Candidate/Prospect Rejected"),
                        event: greenhouse_event("reject_candidate")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by the Headhuntr.io Onboarding Team.")),
                        },
                        secret: Secret {
                            source: SecretSource::PartnerTeam,
                            instructions: Some(s("The secret key provided by the Headhuntr.io Onboarding Team.")),
                        },
                        error_recipient: Some(s("ats@headhuntr.io")),
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("Headhuntr.io-Candidate/Prospect Unrejected"),
                        event: greenhouse_event("unreject_candidate")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by the Headhuntr.io Onboarding Team.")),
                        },
                        secret: Secret {
                            source: SecretSource::PartnerTeam,
                            instructions: Some(s("The secret key provided by the Headhuntr.io Onboarding Team.")),
                        },
                        error_recipient: Some(s("ats@headhuntr.io")),
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("Headhuntr.io-Candidate/Prospect Updated"),
                        event: greenhouse_event("update_candidate")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by the Headhuntr.io Onboarding Team.")),
                        },
                        secret: Secret {
                            source: SecretSource::PartnerTeam,
                            instructions: Some(s("The secret key provided by the Headhuntr.io Onboarding Team.")),
                        },
                        error_recipient: Some(s("ats@headhuntr.io")),
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("Headhuntr.io-Candidate Deleted"),
                        event: greenhouse_event("delete_candidate")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by the Headhuntr.io Onboarding Team.")),
                        },
                        secret: Secret {
                            source: SecretSource::PartnerTeam,
                            instructions: Some(s("The secret key provided by the Headhuntr.io Onboarding Team.")),
                        },
                        error_recipient: Some(s("ats@headhuntr.io")),
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("Headhuntr.io-Prospect Created"),
                        event: greenhouse_event("new_prospect_application")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by the Headhuntr.io Onboarding Team.")),
                        },
                        secret: Secret {
                            source: SecretSource::PartnerTeam,
                            instructions: Some(s("The secret key provided by the Headhuntr.io Onboarding Team.")),
                        },
                        error_recipient: Some(s("ats@headhuntr.io")),
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("Headhuntr.io-Candidate Merged"),
                        event: greenhouse_event("merge_candidate")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by the Headhuntr.io Onboarding Team.")),
                        },
                        secret: Secret {
                            source: SecretSource::PartnerTeam,
                            instructions: Some(s("The secret key provided by the Headhuntr.io Onboarding Team.")),
                        },
                        error_recipient: Some(s("ats@headhuntr.io")),
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("Headhuntr.io-Job Created"),
                        event: greenhouse_event("job_created")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by the Headhuntr.io Onboarding Team.")),
                        },
                        secret: Secret {
                            source: SecretSource::PartnerTeam,
                            instructions: Some(s("The secret key provided by the Headhuntr.io Onboarding Team.")),
                        },
                        error_recipient: Some(s("ats@headhuntr.io")),
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("Headhuntr.io-Job Deleted"),
                        event: greenhouse_event("job_deleted")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by the Headhuntr.io Onboarding Team.")),
                        },
                        secret: Secret {
                            source: SecretSource::PartnerTeam,
                            instructions: Some(s("The secret key provided by the Headhuntr.io Onboarding Team.")),
                        },
                        error_recipient: Some(s("ats@headhuntr.io")),
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("Headhuntr.io-Job Post Created"),
                        event: greenhouse_event("job_post_created")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by the Headhuntr.io Onboarding Team.")),
                        },
                        secret: Secret {
                            source: SecretSource::PartnerTeam,
                            instructions: Some(s("The secret key provided by the Headhuntr.io Onboarding Team.")),
                        },
                        error_recipient: Some(s("ats@headhuntr.io")),
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("Headhuntr.io-Job Post Deleted"),
                        event: greenhouse_event("job_post_deleted")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by the Headhuntr.io Onboarding Team.")),
                        },
                        secret: Secret {
                            source: SecretSource::PartnerTeam,
                            instructions: Some(s("The secret key provided by the Headhuntr.io Onboarding Team.")),
                        },
                        error_recipient: Some(s("ats@headhuntr.io")),
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("Headhuntr.io-Job Post Updated"),
                        event: greenhouse_event("job_post_updated")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by the Headhuntr.io Onboarding Team.")),
                        },
                        secret: Secret {
                            source: SecretSource::PartnerTeam,
                            instructions: Some(s("The secret key provided by the Headhuntr.io Onboarding Team.")),
                        },
                        error_recipient: Some(s("ats@headhuntr.io")),
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("Headhuntr.io-Job Updated"),
                        event: greenhouse_event("job_updated")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerTeam,
                            url: None,
                            instructions: Some(s("The Endpoint URL provided by the Headhuntr.io Onboarding Team.")),
                        },
                        secret: Secret {
                            source: SecretSource::PartnerTeam,
                            instructions: Some(s("The secret key provided by the Headhuntr.io Onboarding Team.")),
                        },
                        error_recipient: Some(s("ats@headhuntr.io")),
                        note: None,
                        guess: None,
                    },
                ],
                stages: Vec::new(),
                settings: Vec::new(),
                steps: vec![
                    Step {
                        title: s("Export your users' Greenhouse IDs"),
                        who: Some(s("A Greenhouse Site Admin")),
                        when: StepTime::Before,
                        instructions: s("Configure → Users → Export to Excel. The spreadsheet's \"User ID\" column holds each user's Greenhouse ID. Headhuntr.io needs the ID of every user who will use the integration: it sends them in the On-Behalf-Of header so Greenhouse records who did what."),
                    },
                    Step {
                        title: s("Configure Greenhouse and map users in Headhuntr.io"),
                        who: None,
                        when: StepTime::After,
                        instructions: s("In Headhuntr.io open License Information → Configure ATS (with the legacy v1 key, add the key there). On the user mapping page of the configuration wizard, paste each user's \"User ID\" from the exported spreadsheet into the \"ATS Id\" column. Review the mapping and activate the configuration so users can start using the integration."),
                    },
                ],
                alternatives: Vec::new(),
                warnings: Vec::new(),
            }),
            lever: None,
            ashby: None,
            notes: vec![
                Note {
                    kind: NoteKind::Correction,
                    about: Some(s("greenhouse.webhooks")),
                    guide_says: Some(s("After webhook 1 the guide says to create \"the additional fourteen webhooks required\", then lists thirteen more (webhooks 2–14).")),
                    instead: Some(s("The manifest has the fourteen web hooks the guide lists.")),
                    certainty: Some(Certainty::Verified),
                    text: None,
                },
                Note {
                    kind: NoteKind::Correction,
                    about: Some(s("greenhouse.permissions.Sources")),
                    guide_says: Some(s("The guide lists \"GET: List Job Stages\" under \"Sources (Optional)\", and again under Job Stages.")),
                    instead: Some(s("Under Sources the manifest lists the Sources permission, \"GET: List Sources\" (optional), as the evident intent; \"GET: List Job Stages\" stays under Job Stages.")),
                    certainty: Some(Certainty::Inferred),
                    text: None,
                },
                Note {
                    kind: NoteKind::Correction,
                    about: Some(s("greenhouse.permissions.Departments")),
                    guide_says: Some(s("The guide lists Departments twice with the same two permissions, once without a mark and once \"(Optional)\".")),
                    instead: Some(s("The manifest keeps one Departments entry, optional.")),
                    certainty: Some(Certainty::Inferred),
                    text: None,
                },
                Note {
                    kind: NoteKind::Correction,
                    about: Some(s("greenhouse.prerequisites")),
                    guide_says: Some(s("The guide calls the second developer permission \"Manage and configure webhooks\".")),
                    instead: Some(s("The manifest uses Greenhouse's wording, \"Can manage and configure web hooks\", as Resource.io's guide quotes it from the same screen.")),
                    certainty: Some(Certainty::Verified),
                    text: None,
                },
                Note {
                    kind: NoteKind::Correction,
                    about: Some(s("greenhouse.webhooks")),
                    guide_says: Some(s("The guide writes \"Headhuntr. io-Prospect Created\", \"Headhuntr.io- Job Post Created\" and \"Headhuntr.io- Job Post Deleted\" with stray spaces.")),
                    instead: Some(s("Every name is written \"Headhuntr.io-<Event>\", like the guide's other eleven.")),
                    certainty: Some(Certainty::Verified),
                    text: None,
                },
                Note {
                    kind: NoteKind::Clarification,
                    about: Some(s("greenhouse.permissions.Candidates")),
                    guide_says: Some(s("The guide lists \"POST: Add Application\" under Candidates.")),
                    instead: Some(s("The manifest keeps it there, where Greenhouse's permission screen shows it (the API docs file it under Applications).")),
                    certainty: Some(Certainty::Verified),
                    text: None,
                },
            ],
        }),
        diagnostics: Vec::new(),
    })
}

/// What the loader gives for `integrations/hipeople.yaml`.
#[allow(clippy::too_many_lines)]
fn hipeople() -> Option<Loaded> {
    Some(Loaded {
        manifest: Some(Manifest {
            partner: Partner {
                id: s("hipeople"),
                name: s("HiPeople"),
                support_email: s("support@hipeople.io"),
                website: Some(s("https://hipeople.io")),
            },
            greenhouse: Some(GreenhouseSetup {
                guide: Some(Guide {
                    title: s("Set up the HiPeople integration"),
                    url: None,
                    predates_v3: true,
                }),
                connection: Connection::Partner,
                authorization_start: None,
                prerequisites: Prerequisites {
                    role: None,
                    developer_permissions: vec![
                        s("Manage ALL organization's API Credentials"),
                        s("Can manage and configure web hooks"),
                    ],
                    help: None,
                },
                credential: Credential {
                    api_type: s("Harvest"),
                    partner_option: Some(s("HiPeople")),
                    partner_option_optional: true,
                    description: Some(s("HiPeople Harvest API key")),
                    hand_over: Some(s("In HiPeople, click your logo (top left) → Settings → Integrations, then Greenhouse under \"Automate in HiPeople (Pull Integration)\". Paste the key in the \"Set Greenhouse API key\" window and click Set. The integration shows as active with its connection date.")),
                },
                policy: Policy {
                    read_only: false,
                    forbid_methods: Vec::new(),
                    reason: None,
                },
                permissions: vec![
                    PermissionNeed {
                        permission: harvest_permission("Applications", "GET: List Applications")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Applications", "GET: Retrieve Application")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Applications", "DELETE: Delete Application")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Applications", "PATCH: Update Application")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Applications", "POST: Advance Application")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Applications", "POST: Moves Application to Job")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Applications", "POST: Move Application")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Applications", "PATCH: Convert a prospect")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Applications", "POST: Add Attachment to Application")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Applications", "POST: Hire Application")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Applications", "POST: Reject Application")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Applications", "PATCH: Update Rejection Reason")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Applications", "POST: Unreject Application")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "POST: Add Application")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "GET: List Candidates")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "GET: Retrieve Candidate")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "DELETE: Delete Candidate")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "PATCH: Edit Candidate")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "POST: Add Attachment")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "POST: Add Candidate")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "POST: Add Note")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "POST: Add E-mail")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "POST: Add Education")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "DELETE: Remove Education From Candidate")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "POST: Add Employment")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "DELETE: Remove Employment From Candidate")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "POST: Add Prospect")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "PUT: Anonymize Candidate")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "PUT: Merge two candidates")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Activity Feed", "GET: Retrieve Activity Feed")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Jobs", "GET: List Jobs")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Jobs", "GET: Retrieve Job")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Jobs", "PATCH: Update Job")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Jobs", "POST: Create Job")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Jobs", "GET: Get hiring team")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Jobs", "PUT: Replace Hiring Team")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Jobs", "POST: Add Hiring Team Members")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Jobs", "DELETE: Remove Hiring Team Member")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Job Posts", "GET: List Job Posts")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Job Posts", "GET: Retrieve Job Post")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Job Posts", "GET: List Job Posts for Job")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Job Posts", "GET: Retrieve Job Post for Job")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Job Posts", "GET: Retrieve Custom Locations for Job Post")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Job Posts", "PATCH: Update Job Post")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Job Posts", "PATCH: Update Job Post Status")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Job Stages", "GET: List Job Stages")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Job Stages", "GET: List Job Stages for Job")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Job Stages", "GET: Retrieve Job Stage")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Rejection Reasons", "GET: List Rejection Reasons")?,
                        need: Need::Required,
                    },
                ],
                webhooks: vec![
                    GreenhouseWebhook {
                        name: s("HiPeople Candidate Stage Change"),
                        event: greenhouse_event("candidate_stage_change")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerDashboard,
                            url: None,
                            instructions: Some(s("The Endpoint URL from the HiPeople dashboard: Settings → Integrations → hover over the Greenhouse integration and click \"?\".")),
                        },
                        secret: Secret {
                            source: SecretSource::PartnerDashboard,
                            instructions: Some(s("The Secret key from the HiPeople dashboard, in the same \"?\" box as the Endpoint URL.")),
                        },
                        error_recipient: None,
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("HiPeople Candidate Hired"),
                        event: greenhouse_event("hire_candidate")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerDashboard,
                            url: None,
                            instructions: Some(s("The Endpoint URL from the HiPeople dashboard: Settings → Integrations → hover over the Greenhouse integration and click \"?\".")),
                        },
                        secret: Secret {
                            source: SecretSource::PartnerDashboard,
                            instructions: Some(s("The Secret key from the HiPeople dashboard, in the same \"?\" box as the Endpoint URL.")),
                        },
                        error_recipient: None,
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("HiPeople Candidate Rejected"),
                        event: greenhouse_event("reject_candidate")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerDashboard,
                            url: None,
                            instructions: Some(s("The Endpoint URL from the HiPeople dashboard: Settings → Integrations → hover over the Greenhouse integration and click \"?\".")),
                        },
                        secret: Secret {
                            source: SecretSource::PartnerDashboard,
                            instructions: Some(s("The Secret key from the HiPeople dashboard, in the same \"?\" box as the Endpoint URL.")),
                        },
                        error_recipient: None,
                        note: None,
                        guess: None,
                    },
                    GreenhouseWebhook {
                        name: s("HiPeople Candidate Has Submitted Application"),
                        event: greenhouse_event("new_candidate_application")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerDashboard,
                            url: None,
                            instructions: Some(s("The Endpoint URL from the HiPeople dashboard: Settings → Integrations → hover over the Greenhouse integration and click \"?\".")),
                        },
                        secret: Secret {
                            source: SecretSource::PartnerDashboard,
                            instructions: Some(s("The Secret key from the HiPeople dashboard, in the same \"?\" box as the Endpoint URL.")),
                        },
                        error_recipient: None,
                        note: None,
                        guess: None,
                    },
                ],
                stages: vec![
                    Stage {
                        name: s("Assessment"),
                        need: Need::Optional,
                        purpose: Some(s("The guide's example stage for HiPeople Assessments; any stage of the job can be mapped.")),
                        help: None,
                    },
                    Stage {
                        name: s("Reference check"),
                        need: Need::Optional,
                        purpose: Some(s("The guide's example stage for HiPeople Reference Checks; any stage of the job can be mapped.")),
                        help: None,
                    },
                ],
                settings: Vec::new(),
                steps: vec![
                    Step {
                        title: s("Connect a HiPeople role to a Greenhouse job"),
                        who: Some(s("A HiPeople user")),
                        when: StepTime::After,
                        instructions: s("In HiPeople, open the role's […] menu → Manage ATS automation. Select the Greenhouse job to integrate with this role and click Next. Connect the HiPeople steps to the job's Greenhouse stages (for example HiPeople Assessment → Assessment, HiPeople Reference Check → Reference check), review the selection and click Confirm."),
                    },
                    Step {
                        title: s("Start an Assessment or Reference Check"),
                        who: None,
                        when: StepTime::After,
                        instructions: s("Move the candidate in Greenhouse to the mapped stage; HiPeople syncs the candidate and sends the invitation. Results arrive by email and as a PDF report linked in the candidate's Activity Feed."),
                    },
                ],
                alternatives: Vec::new(),
                warnings: Vec::new(),
            }),
            lever: Some(LeverSetup {
                guide: Some(Guide {
                    title: s("HiPeople integration (Lever Help Center)"),
                    url: None,
                    predates_v3: false,
                }),
                prerequisites: Prerequisites {
                    role: Some(s("Super Admin")),
                    developer_permissions: Vec::new(),
                    help: Some(s("Available on Lever Basic, LeverTRM and LeverTRM for Enterprise; only Super Admins can configure it.")),
                },
                authorization: Some(LeverAuthorization {
                    method: LeverAuthMethod::Oauth,
                    who: Some(s("Your HiPeople organization's admin, signing in to Lever as a Super Admin")),
                    instructions: s("In HiPeople, open Settings → My Organization and choose Lever from the suggested ATSs. Sign in to Lever when prompted and grant HiPeople the permissions it asks for."),
                }),
                webhooks: vec![
                    LeverWebhook {
                        event: lever_event("candidateStageChange")?,
                        endpoint: None,
                        note: Some(s("Lever sends nothing until a Super Admin switches on the \"Candidate stage change\" toggle in Settings → Integrations and API → Webhooks.")),
                    },
                ],
                stages: vec![
                    Stage {
                        name: s("Reference check"),
                        need: Need::Required,
                        purpose: Some(s("Moving a candidate to this stage starts HiPeople's reference check.")),
                        help: Some(s("If your Lever account does not have it, ask Lever Support to add it.")),
                    },
                ],
                settings: Vec::new(),
                steps: vec![
                    Step {
                        title: s("Connect a HiPeople role to the job's interview plan"),
                        who: Some(s("A HiPeople user")),
                        when: StepTime::After,
                        instructions: s("Create the role in HiPeople first. Open its … menu → Manage ATS automation, select the Lever job to integrate, select \"Reference check\" from the list of pipeline stages, tick the confirmation checkbox and click Confirm."),
                    },
                    Step {
                        title: s("Start a reference check"),
                        who: None,
                        when: StepTime::After,
                        instructions: s("On the candidate's Lever profile, change their stage to \"Reference check\". HiPeople syncs the candidate and sends the reference request; results arrive by email, as a PDF report, and as a link on the candidate's Lever profile."),
                    },
                    Step {
                        title: s("To disable the integration later"),
                        who: Some(s("A Lever Super Admin")),
                        when: StepTime::After,
                        instructions: s("Lever → Settings → Integrations and API → Authorized Apps → HiPeople → Revoke Access."),
                    },
                ],
                warnings: Vec::new(),
            }),
            ashby: None,
            notes: vec![
                Note {
                    kind: NoteKind::Correction,
                    about: Some(s("greenhouse.webhooks")),
                    guide_says: Some(s("The Greenhouse guide says \"you'll also need to create three webhooks\" and then lists four (stage change, hired, rejected, submitted application).")),
                    instead: Some(s("The manifest keeps all four.")),
                    certainty: Some(Certainty::Verified),
                    text: None,
                },
                Note {
                    kind: NoteKind::Correction,
                    about: Some(s("greenhouse.webhooks")),
                    guide_says: Some(s("Webhook #3's When is written \"Candidate or Prospect has been rejected\".")),
                    instead: Some(s("The manifest uses Greenhouse's choice \"Candidate or Prospect rejected\" (action reject_candidate), the wording other partner guides quote from the dropdown.")),
                    certainty: Some(Certainty::Verified),
                    text: None,
                },
                Note {
                    kind: NoteKind::Clarification,
                    about: Some(s("greenhouse.prerequisites")),
                    guide_says: Some(s("The Greenhouse guide does not name the developer permissions its steps need.")),
                    instead: Some(s("The manifest adds \"Manage ALL organization's API Credentials\" (creating the Harvest key) and \"Can manage and configure web hooks\" (creating web hooks), as Headhuntr.io's and Resource.io's guides name them for the same screens.")),
                    certainty: Some(Certainty::Verified),
                    text: None,
                },
                Note {
                    kind: NoteKind::Clarification,
                    about: Some(s("greenhouse.stages")),
                    guide_says: Some(s("The Greenhouse guide names \"Assessment\" and \"Reference check\" only as an example of stage mapping.")),
                    instead: Some(s("Both stages are optional on Greenhouse (any stage of the job can be mapped); the Lever guide, unlike this one, requires \"Reference check\".")),
                    certainty: Some(Certainty::Inferred),
                    text: None,
                },
                Note {
                    kind: NoteKind::Clarification,
                    about: Some(s("greenhouse.permissions")),
                    guide_says: Some(s("The guide asks for every permission in seven categories (\"Select all permissions within each category\"), deletes, anonymization and job creation included.")),
                    instead: Some(s("The manifest transcribes that as asked, with `all: required`; the plan's least-privilege warning lists the scopes that change or delete data, to ask HiPeople about.")),
                    certainty: Some(Certainty::Verified),
                    text: None,
                },
            ],
        }),
        diagnostics: Vec::new(),
    })
}

/// What the loader gives for `integrations/resource-io.yaml`.
#[allow(clippy::too_many_lines)]
fn resource_io() -> Option<Loaded> {
    Some(Loaded {
        manifest: Some(Manifest {
            partner: Partner {
                id: s("resource-io"),
                name: s("Resource.io"),
                support_email: s("support@resource.io"),
                website: Some(s("https://resource.io")),
            },
            greenhouse: Some(GreenhouseSetup {
                guide: Some(Guide {
                    title: s("Resource.io (Greenhouse Recruiting integration article)"),
                    url: None,
                    predates_v3: true,
                }),
                connection: Connection::Partner,
                authorization_start: None,
                prerequisites: Prerequisites {
                    role: None,
                    developer_permissions: vec![
                        s("Can manage and configure web hooks"),
                        s("Manage ALL organization's API Credentials"),
                    ],
                    help: Some(s("If you lack them, ask a Greenhouse Site Admin who has \"Can edit another user's advanced permissions\" to tick them for you: Configure → Users → your name → Permissions → Developer Permissions. Repeat for anyone else who sets up the integration.")),
                },
                credential: Credential {
                    api_type: s("Harvest"),
                    partner_option: Some(s("Resource.io")),
                    partner_option_optional: false,
                    description: Some(s("Resource.io Harvest API Key")),
                    hand_over: Some(s("Give the key to your Resource.io onboarding team so they can set up the integration. The full key is shown once: if it is lost, create a new one, give it to Resource.io, then revoke the old one.")),
                },
                policy: Policy {
                    read_only: false,
                    forbid_methods: Vec::new(),
                    reason: None,
                },
                permissions: vec![
                    PermissionNeed {
                        permission: harvest_permission("Activity Feed", "GET: Retrieve Activity Feed")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "DELETE: Delete Candidate")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "GET: Retrieve Candidate")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "GET: List Candidates")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "PATCH: Edit Candidate")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "POST: Add Candidate")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "POST: Add Note")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "POST: Add Attachment")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "POST: Add Application")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "POST: Add Prospect")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "PUT: Anonymize Candidate")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Candidates", "PUT: Merge two candidates")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Sources", "GET: List Sources")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Users", "GET: List Users")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Tags", "DELETE: Remove tag from candidate")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Tags", "GET: List tags applied to candidate")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Tags", "GET: List Candidate Tags")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Tags", "PUT: Add a candidate tag")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Tags", "POST: Add New Candidate Tag")?,
                        need: Need::Required,
                    },
                    PermissionNeed {
                        permission: harvest_permission("Tags", "DELETE: Destroy a candidate tag")?,
                        need: Need::Required,
                    },
                ],
                webhooks: vec![
                    GreenhouseWebhook {
                        name: s("Resource.io"),
                        event: greenhouse_event("candidate_stage_change")?,
                        endpoint: Endpoint {
                            source: EndpointSource::PartnerDashboard,
                            url: None,
                            instructions: Some(s("The Endpoint URL from Resource.io → Settings → Connect Webhooks.")),
                        },
                        secret: Secret {
                            source: SecretSource::PartnerDashboard,
                            instructions: Some(s("The Secret Key from Resource.io → Settings → Connect Webhooks.")),
                        },
                        error_recipient: None,
                        note: None,
                        guess: Some(Guess {
                            fields: vec![
                                GuessedField::Name,
                                GuessedField::Event,
                            ],
                            location: s("Resource.io's Settings page (Settings → Connect Webhooks), which the article says holds the web hook's details, or support@resource.io"),
                        }),
                    },
                ],
                stages: Vec::new(),
                settings: vec![
                    Setting {
                        name: s("Default Sync User"),
                        location: Some(s("Resource.io integration settings")),
                        description: s("A user present in both Greenhouse and Resource.io; Greenhouse's API logs Resource.io's actions under this user."),
                    },
                    Setting {
                        name: s("Maildrop Email"),
                        location: Some(s("Resource.io integration settings")),
                        description: s("Your Greenhouse account's maildrop address, so campaign emails Resource.io sends are tracked in the candidate's Greenhouse activity as well as in Resource.io."),
                    },
                    Setting {
                        name: s("Greenhouse SSO Domain"),
                        location: Some(s("Resource.io integration settings")),
                        description: s("The host your Greenhouse account is served from, usually app.greenhouse.com (rarely company.greenhouse.com or app2.greenhouse.com): the prefix in your browser's address bar after you sign in to Greenhouse."),
                    },
                ],
                steps: vec![
                    Step {
                        title: s("Get Resource.io's endpoint URL and secret key"),
                        who: None,
                        when: StepTime::Before,
                        instructions: s("In Resource.io, open Settings and click Connect Webhooks. Copy the Endpoint URL and the Secret Key; the web hook below needs both."),
                    },
                ],
                alternatives: Vec::new(),
                warnings: Vec::new(),
            }),
            lever: None,
            ashby: None,
            notes: vec![
                Note {
                    kind: NoteKind::Clarification,
                    about: Some(s("greenhouse.webhooks")),
                    guide_says: Some(s("The article asks for one web hook with \"Name\" and \"When\" taken from \"information retrieved from Resource.io's Settings page\", but names neither; it says the web hook runs \"once the end user transitions the candidate into an appropriate application stage\".")),
                    instead: Some(s("The manifest fills in the name \"Resource.io\" and When \"Candidate has changed stage\" as guesses, marked as such in the plan; use the values Resource.io's Settings page gives.")),
                    certainty: Some(Certainty::Inferred),
                    text: None,
                },
                Note {
                    kind: NoteKind::Clarification,
                    about: Some(s("greenhouse.prerequisites")),
                    guide_says: Some(s("The article has the admin create a Harvest API key but names only the \"Can manage and configure web hooks\" developer permission.")),
                    instead: Some(s("The manifest adds \"Manage ALL organization's API Credentials\", which creating a Harvest credential needs (Headhuntr.io's guide names it for the same screen).")),
                    certainty: Some(Certainty::Verified),
                    text: None,
                },
                Note {
                    kind: NoteKind::Correction,
                    about: Some(s("greenhouse.permissions.Tags")),
                    guide_says: Some(s("The article lists \"POST: Add New Candidate Tags\".")),
                    instead: Some(s("The manifest lists \"POST: Add New Candidate Tag\" (POST /v1/tags/candidate), the label in Greenhouse's API docs; the permission screen may word it as the article does.")),
                    certainty: Some(Certainty::ApiDocs),
                    text: None,
                },
                Note {
                    kind: NoteKind::Correction,
                    about: Some(s("greenhouse.permissions.Tags")),
                    guide_says: Some(s("The article lists \"DELETE: Remove Candidate Tags\", a label atsctl's reference does not know, beside \"DELETE: Remove tag from candidate\".")),
                    instead: Some(s("The manifest reads it as the deletion of a tag itself, \"DELETE: Destroy a candidate tag\" (DELETE /v1/tags/candidate/{tag_id}), the counterpart of adding a new candidate tag. That label comes from Greenhouse's API docs and the screen may word it as the article does; find it by its endpoint, and confirm the reading with Resource.io.")),
                    certainty: Some(Certainty::Inferred),
                    text: None,
                },
                Note {
                    kind: NoteKind::Correction,
                    about: Some(s("greenhouse.prerequisites")),
                    guide_says: Some(s("The article says \"After you have received your endpoint URL and Secret Key from [COMPANY NAME]\", an unfilled template placeholder.")),
                    instead: Some(s("The manifest reads it as Resource.io, the only company the article is about.")),
                    certainty: Some(Certainty::Verified),
                    text: None,
                },
            ],
        }),
        diagnostics: Vec::new(),
    })
}
