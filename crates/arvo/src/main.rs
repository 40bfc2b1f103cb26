//! The `arvo` program: runs the web application and the commands that work on the same database
//! (migrations, demo data, duplicates, users and tokens, personal data, imports and exports,
//! the adherence engine, backups). Every command takes `--database-url` or `ARVO_DATABASE_URL`, so scripts can point
//! any command at any database.

mod analyse;
mod care;
mod export;
mod import;

use anyhow::{Context, Result, bail};
use arvo_core::{Actor, ContactDraft};
use arvo_store::Store;
use clap::{Args, Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arvo, the value-driven CRM.
#[derive(Parser)]
#[command(name = "arvo", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
pub(crate) struct DbArgs {
    /// The database: `sqlite://PATH` (the default, a file created when missing) or
    /// `postgres://USER:PASSWORD@HOST:PORT/DATABASE`.
    #[arg(long, env = "ARVO_DATABASE_URL", default_value = "sqlite://arvo.db")]
    database_url: String,
}

#[derive(Subcommand)]
enum Command {
    /// Runs the web application and the JSON API.
    Serve {
        #[command(flatten)]
        db: DbArgs,
        /// The address and port to listen on.
        #[arg(long, env = "ARVO_LISTEN", default_value = "127.0.0.1:8080")]
        listen: String,
        /// Fills an empty database with a Finnish demo customer master and demo users first.
        #[arg(long)]
        demo: bool,
        /// The address users reach Arvo at; under `https://` the cookies are marked Secure.
        #[arg(long, env = "ARVO_PUBLIC_URL")]
        public_url: Option<String>,
        /// Seconds between the adherence engine's scheduled runs (a day by default; 0 turns
        /// the schedule off). Instances sharing a database take turns.
        #[arg(long, env = "ARVO_CARE_INTERVAL", default_value_t = 86_400)]
        care_interval: u64,
        /// The SMTP server for the daily digest e-mails, e.g.
        /// `smtp://user:password@mail.example.fi:587?tls=required`; no digests without it.
        #[arg(long, env = "ARVO_SMTP_URL")]
        smtp_url: Option<String>,
        /// The sender of the digest e-mails.
        #[arg(long, env = "ARVO_MAIL_FROM", default_value = "Arvo <arvo@localhost>")]
        mail_from: String,
    },
    /// Brings the database schema up to date (serve does this too).
    Migrate {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Loads demo data into an empty database, or a large synthetic data set for benchmarks.
    Demo {
        #[command(flatten)]
        db: DbArgs,
        /// Instead of the demo, generate this many synthetic accounts.
        #[arg(long, conflicts_with = "customers")]
        synthetic: Option<usize>,
        /// Instead of the demo, load the customers `arvo generate --customers N` writes order
        /// files for (every one a customer with a customer number).
        #[arg(long)]
        customers: Option<usize>,
        /// The seed of the synthetic data.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// The day the demo's purchases and encounters run up to (`2026-12-06` or
        /// `6.12.2026`); today when not given.
        #[arg(long)]
        today: Option<String>,
    },
    /// Finds and resolves duplicate accounts.
    Duplicates {
        #[command(flatten)]
        db: DbArgs,
        #[command(subcommand)]
        action: DuplicateAction,
    },
    /// Adds, lists and deactivates users.
    User {
        #[command(flatten)]
        db: DbArgs,
        #[command(subcommand)]
        action: UserAction,
    },
    /// Creates, lists and revokes API tokens.
    Token {
        #[command(flatten)]
        db: DbArgs,
        #[command(subcommand)]
        action: TokenAction,
    },
    /// Exports or erases a contact person's personal data.
    Contact {
        #[command(flatten)]
        db: DbArgs,
        #[command(subcommand)]
        action: ContactAction,
    },
    /// The retention rule for former customers' contacts: its report and its application.
    Retention {
        #[command(flatten)]
        db: DbArgs,
        #[command(subcommand)]
        action: RetentionAction,
    },
    /// The care of customers: runs the adherence engine and prints the suggested actions.
    Care {
        #[command(flatten)]
        db: DbArgs,
        #[command(subcommand)]
        action: care::CareAction,
    },
    /// Imports accounts or order lines from a CSV or XLSX file (Finnish or English headers and
    /// formats).
    Import {
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        args: import::ImportArgs,
    },
    /// Writes the accounts, the contacts, the order lines, the products or the activity records
    /// to a CSV or XLSX file (Finnish or English headers and formats); every kind but accounts
    /// and contacts imports back with `arvo import` of the same kind.
    Export {
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        args: export::ExportArgs,
    },
    /// The value analysis for scripts, as JSON, CSV or XLSX.
    Analyse {
        #[command(subcommand)]
        analysis: analyse::Analysis,
    },
    /// Writes benchmark files in the import format: customers, products and order lines.
    Generate {
        #[command(flatten)]
        args: import::GenerateArgs,
    },
    /// Writes a consistent copy of the database to a file while Arvo keeps running.
    Backup {
        /// The archive to write (`-` for standard output); an existing file is replaced once the
        /// backup is complete.
        file: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Loads a backup into an empty database of the same kind, after bringing its schema up to
    /// date.
    Restore {
        /// The archive to read (`-` for standard input).
        file: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
enum UserAction {
    /// Adds a user. The password is read from standard input; with none, one is generated and
    /// printed.
    Add {
        #[arg(long)]
        email: String,
        /// The user's full name (default: the part of the email before @).
        #[arg(long)]
        name: Option<String>,
        /// `admin`, `manager`, `account_manager` or `read_only`.
        #[arg(long)]
        role: String,
        /// The user's team, created when new.
        #[arg(long)]
        team: Option<String>,
        /// `fi` or `en`.
        #[arg(long, default_value = "fi")]
        language: String,
    },
    /// Lists the users.
    List,
    /// Deactivates a user: their sessions end and their tokens stop working.
    Deactivate {
        #[arg(long)]
        email: String,
    },
    /// Lets a deactivated user sign in again.
    Activate {
        #[arg(long)]
        email: String,
    },
    /// Sets a user's password, read from standard input; with none, one is generated and
    /// printed. The user's sessions end.
    Password {
        #[arg(long)]
        email: String,
    },
}

#[derive(Subcommand)]
enum TokenAction {
    /// Creates an API token for a user and prints it once.
    Create {
        /// The user's email.
        #[arg(long)]
        user: String,
        /// What the token is for, e.g. the integration's name.
        #[arg(long, default_value = "command line")]
        name: String,
    },
    /// Lists tokens (never the tokens themselves).
    List {
        /// Only this user's tokens (email).
        #[arg(long)]
        user: Option<String>,
    },
    /// Revokes a token by its id.
    Revoke { id: i64 },
}

#[derive(Subcommand)]
enum ContactAction {
    /// Prints everything stored about a contact as JSON (recorded in the audit log).
    Export {
        /// The contact's id.
        id: i64,
    },
    /// Erases a contact's personal data: names, title, email, phone, notes and consent source,
    /// also from its history. The contact stays on its account. Cannot be undone.
    Erase {
        /// The contact's id.
        id: i64,
        /// Confirms the erasure; without it nothing is erased.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Subcommand)]
enum RetentionAction {
    /// Lists the contacts due for erasure under the retention rule.
    Report {
        /// The day to report for (`2026-11-22` or `22.11.2026`); today when not given.
        #[arg(long)]
        today: Option<String>,
        /// Prints JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Erases every contact due today, after you confirm their number.
    Apply {
        /// The number of contacts `arvo retention report` shows; a different number erases
        /// nothing.
        #[arg(long)]
        confirm: i64,
    },
    /// Sets the rule: months after an account became a former customer, or `off`.
    Set { months: String },
}

#[derive(Subcommand)]
enum DuplicateAction {
    /// Lists groups of accounts that look like the same customer.
    List {
        /// Prints JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Merges accounts into the one kept: contacts and history move to it.
    Merge {
        /// The account that stays.
        #[arg(long)]
        keep: i64,
        /// An account merged into it (repeat for several).
        #[arg(long = "merge", required = true)]
        merge: Vec<i64>,
    },
    /// Marks accounts as different customers so they are not proposed again.
    Dismiss {
        /// The accounts (two or more).
        #[arg(required = true, num_args = 2..)]
        ids: Vec<i64>,
    },
}

pub(crate) fn cli_actor() -> Actor {
    let user = std::env::var("USER").unwrap_or_else(|_| "cli".to_owned());
    Actor::new(user, "cli")
}

pub(crate) async fn open(db: &DbArgs) -> Result<Store> {
    Store::open(&db.database_url).await.with_context(|| {
        format!(
            "could not open the database {}",
            arvo_store::redact(&db.database_url)
        )
    })
}

#[tokio::main]
async fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ARVO_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    match Cli::parse().command {
        Command::Serve {
            db,
            listen,
            demo,
            public_url,
            care_interval,
            smtp_url,
            mail_from,
        } => {
            let care = CareSchedule {
                interval: care_interval,
                smtp_url,
                mail_from,
            };
            serve(&db, &listen, demo, public_url.as_deref(), care).await
        }
        Command::Migrate { db } => {
            let store = Store::connect(&db.database_url)
                .await
                .context("could not open the database")?;
            let applied = store.migrate().await?;
            println!("{applied} migration(s) applied; the schema is up to date.");
            Ok(())
        }
        Command::Demo {
            db,
            synthetic,
            customers,
            seed,
            today,
        } => {
            let store = open(&db).await?;
            let today = match today {
                Some(d) => arvo_core::dates::parse_date(&d)
                    .map_err(|p| anyhow::anyhow!("--today {d:?} {}", p.english()))?,
                None => chrono::Utc::now().date_naive(),
            };
            match (synthetic, customers) {
                (Some(count), _) => {
                    load_generated(&store, count, arvo_demo::synthetic(count, seed)).await?;
                    println!("Generated {count} synthetic accounts (seed {seed}).");
                    Ok(())
                }
                (None, Some(count)) => {
                    let generated = arvo_demo::generate(count, 0, seed);
                    load_generated(&store, count, generated.accounts()).await?;
                    println!("Loaded {count} generated customers (seed {seed}).");
                    Ok(())
                }
                (None, None) => load_demo(&store, today).await.map(|_| ()),
            }
        }
        Command::Duplicates { db, action } => duplicates(&open(&db).await?, action).await,
        Command::User { db, action } => users(&open(&db).await?, action).await,
        Command::Token { db, action } => tokens(&open(&db).await?, action).await,
        Command::Contact { db, action } => contacts(&open(&db).await?, action).await,
        Command::Retention { db, action } => retention(&open(&db).await?, action).await,
        Command::Care { db, action } => care::care(&open(&db).await?, action).await,
        Command::Import { db, args } => import::import(&open(&db).await?, args).await,
        Command::Export { db, args } => export::export(&open(&db).await?, args).await,
        Command::Analyse { analysis } => analyse::analyse(analysis).await,
        Command::Generate { args } => import::generate(&args),
        Command::Backup { file, db } => backup(&db, &file).await,
        Command::Restore { file, db } => restore(&db, &file).await,
    }
}

/// The adherence engine's schedule and the digest e-mails, as `serve` is told.
struct CareSchedule {
    /// Seconds between runs; 0 for none.
    interval: u64,
    smtp_url: Option<String>,
    mail_from: String,
}

async fn serve(
    db: &DbArgs,
    listen: &str,
    demo: bool,
    public_url: Option<&str>,
    care: CareSchedule,
) -> Result<()> {
    let store = open(db).await?;
    if demo {
        load_demo(&store, chrono::Utc::now().date_naive()).await?;
        load_demo_users(&store).await?;
    }
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("could not listen on {listen}"))?;
    let address = listener.local_addr()?;
    let base = public_url.map_or_else(
        || format!("http://{address}"),
        |u| u.trim_end_matches('/').to_owned(),
    );
    let mut state = arvo_web::AppState::new(
        store.clone(),
        arvo_web::auth::AuthConfig::for_public_url(public_url),
    );
    if store.count_users().await? == 0 {
        let token = arvo_web::auth::secrets::random_text(16);
        tracing::warn!(
            "no users yet: open {base}/setup?token={token} to create the first administrator, \
             or run `arvo user add --email EMAIL --role admin`"
        );
        state.setup_token = Some(token.into());
    }
    println!(
        "Arvo is running at {base}/ (database {})",
        arvo_store::redact(&db.database_url)
    );
    std::io::stdout().flush().ok();
    let mailer = match &care.smtp_url {
        Some(url) => Some(
            arvo_web::digest::Mailer::new(url, &care.mail_from, &base)
                .map_err(|e| anyhow::anyhow!(service_error(&e)))?,
        ),
        None => None,
    };
    let schedule = (care.interval > 0).then(|| {
        arvo_web::schedule::spawn(
            store.clone(),
            arvo_web::schedule::Schedule::new(
                std::time::Duration::from_secs(care.interval),
                mailer,
            ),
        )
    });
    arvo_web::serve(listener, state).await?;
    if let Some(schedule) = schedule {
        schedule.abort();
    }
    store.close().await;
    Ok(())
}

/// The password of every demo user; the demo prints it with their emails.
const DEMO_PASSWORD: &str = "arvo-demo-2026";

/// Creates the demo users once: an administrator, a sales manager, the account owners of the
/// demo data as account managers in two teams, and a read-only user. Prints their sign-ins.
async fn load_demo_users(store: &Store) -> Result<()> {
    if store.count_users().await? > 0 {
        return Ok(());
    }
    let owners = arvo_demo::demo_owners();
    let mut people: Vec<(String, &str, &str)> = vec![
        ("Aino Ylläpitäjä".into(), "admin", ""),
        ("Pekka Myyntijohtaja".into(), "manager", "Tukkumyynti"),
    ];
    for (i, owner) in owners.iter().enumerate() {
        let team = if i < 6 { "Tukkumyynti" } else { "Matkailu" };
        people.push(((*owner).to_owned(), "account_manager", team));
    }
    people.push(("Lasse Lukija".into(), "read_only", ""));
    let actor = Actor::new("demo", "demo");
    println!("Demo users (password {DEMO_PASSWORD}):");
    for (name, role, team) in people {
        let email = format!(
            "{}@demo.arvo.fi",
            arvo_core::text::fold(&name).replace(' ', ".")
        );
        let input = arvo_core::UserInput {
            name,
            email,
            language: "fi".into(),
            role: role.into(),
            team: team.into(),
        };
        let user = arvo_web::users::create_user(store, &input, Some(DEMO_PASSWORD), &actor)
            .await
            .map_err(|e| anyhow::anyhow!("demo user: {}", service_error(&e)))?;
        println!("  {:<28} {:<40} {}", user.name, user.email, user.role);
    }
    Ok(())
}

/// Fills an empty database with the demo users (unless it has users), the demo customer master
/// and its history up to `today`; leaves a database with data alone.
async fn load_demo(store: &Store, today: chrono::NaiveDate) -> Result<bool> {
    if store.count_accounts().await? > 0 {
        println!("The database already has accounts; the demo data was not loaded.");
        return Ok(false);
    }
    // The account owners are users, so that the plans' actions can be theirs.
    load_demo_users(store).await?;
    for def in arvo_demo::demo_custom_fields() {
        // A field the organisation already defined is kept as it is.
        if let Err(e) = store.add_custom_field(&def).await
            && !matches!(e, arvo_store::StoreError::Validation(_))
        {
            return Err(e.into());
        }
    }
    let accounts: Vec<(arvo_core::AccountDraft, Vec<ContactDraft>)> =
        arvo_demo::demo_customer_master()
            .into_iter()
            .map(|d| (d.account, d.contacts))
            .collect();
    let n = store
        .insert_accounts(&accounts, &Actor::new("demo", "demo"))
        .await?;
    let purchases = arvo_demo::demo_purchases(today);
    let lines = import::load_demo_purchases(store, &purchases).await?;
    store
        .set_cost_pools(&arvo_demo::demo_cost_pools(), &Actor::new("demo", "demo"))
        .await?;
    let inputs =
        arvo_demo::demo_value_inputs(&arvo_demo::demo_customer_master(), &purchases, today);
    load_demo_value_inputs(store, inputs).await?;
    let encounters = load_demo_care(store, today).await?;
    let plans = load_demo_plans(store, today).await?;
    println!(
        "Loaded the demo: {n} accounts of a Finnish wholesaler and a tourism firm, and {lines} \
         order lines of their purchases, with deliveries, invoices, service work, visits, \
         returns, the cost pools of their value analysis, the owners' estimated needs and \
         ratings, the care models, {encounters} encounters with the customers and {plans} key \
         accounts' plans, and the year's targets."
    );
    Ok(true)
}

/// The account owners' estimated needs and ratings of the demo customers, each in its owner's
/// name.
async fn load_demo_value_inputs(
    store: &Store,
    inputs: Vec<arvo_demo::DemoValueInput>,
) -> Result<()> {
    let ids = store.account_ids_by_customer_number().await?;
    for input in inputs {
        let Some(&id) = ids.get(&input.customer_number) else {
            continue;
        };
        if let Some(cents) = input.estimated_need_cents {
            store
                .set_estimated_need(id, Some(cents), &Actor::new("demo", "demo"))
                .await?;
        }
        for r in input.ratings {
            store
                .rate(
                    id,
                    r.criterion,
                    r.score,
                    Some(r.reason),
                    &Actor::new(&r.rated_by, "demo"),
                )
                .await?;
        }
    }
    Ok(())
}

/// The demo's care models, a year of encounters recorded by the account owners (with the
/// customer's first contact taking part), and the segments of the rolling twelve months saved, so
/// that the adherence engine has something to measure from the start. Returns how many
/// encounters were loaded.
async fn load_demo_care(store: &Store, today: chrono::NaiveDate) -> Result<usize> {
    let demo = Actor::new("demo", "demo");
    arvo_web::care::store_models(store, &arvo_demo::demo_care_models(), &demo)
        .await
        .map_err(|e| anyhow::anyhow!("demo care models: {}", service_error(&e)))?;
    arvo_web::analysis::refresh_segments(
        store,
        arvo_web::analysis::Period::Rolling { end: today },
        today,
        &demo,
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo segments: {}", service_error(&e)))?;
    let ids = store.account_ids_by_customer_number().await?;
    let mut by_owner: std::collections::BTreeMap<
        String,
        Vec<(i64, arvo_core::work::EncounterDraft)>,
    > = std::collections::BTreeMap::new();
    let mut contacts: std::collections::HashMap<i64, Vec<arvo_core::Contact>> =
        std::collections::HashMap::new();
    for e in arvo_demo::demo_encounters(&arvo_demo::demo_customer_master(), today) {
        let Some(&id) = ids.get(&e.customer_number) else {
            continue;
        };
        if let std::collections::hash_map::Entry::Vacant(slot) = contacts.entry(id) {
            slot.insert(store.contacts_of(id).await?);
        }
        let contact = e.contact.as_ref().and_then(|last| {
            contacts[&id]
                .iter()
                .find(|c| &c.data.last_name == last)
                .map(|c| c.id)
        });
        by_owner.entry(e.owner).or_default().push((
            id,
            arvo_core::work::EncounterDraft {
                kind: e.kind,
                channel: e.channel,
                date: e.date,
                time: e.time,
                duration_minutes: e.time.map(|_| 60),
                summary: e.summary.into(),
                outcome: e.outcome.map(Into::into),
                next_step: e.next_step.map(Into::into),
                users: Vec::new(),
                contacts: contact.into_iter().collect(),
            },
        ));
    }
    let mut loaded = 0;
    for (owner, encounters) in by_owner {
        loaded += store
            .add_encounters(&encounters, &Actor::new(owner, "demo"))
            .await?;
    }
    Ok(loaded)
}

/// The demo's account plans: one for each key account (by the analysis of the twelve months up
/// to `today`) that has an owner, in its owner's name, with goals set from its own figures; and
/// the sales manager's targets for the year. Returns how many plans were made.
async fn load_demo_plans(store: &Store, today: chrono::NaiveDate) -> Result<usize> {
    let report = arvo_web::analysis::reckon(
        store,
        arvo_web::analysis::Period::Rolling { end: today },
        today,
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo plans: {}", service_error(&e)))?;
    let mut made = 0;
    for (index, c) in report
        .analysis
        .customers
        .iter()
        .filter(|c| c.score.key_account)
        .enumerate()
    {
        let Some(owner) = store.account(c.id).await?.data.owner else {
            continue;
        };
        let demo = arvo_demo::demo_plan(index, c.waterfall.revenue, c.share_of_wallet, today);
        let draft = demo
            .plan
            .validate(&owner, today)
            .map_err(|e| anyhow::anyhow!("demo plan: {e}"))?;
        let actor = Actor::new(&owner, "demo");
        store.save_plan(c.id, &draft, None, today, &actor).await?;
        if let Some(day) = demo.reviewed_on {
            store.record_plan_review(c.id, day, &actor).await?;
        }
        made += 1;
    }
    let revenue = report
        .analysis
        .customers
        .iter()
        .map(|c| c.waterfall.revenue)
        .sum();
    let retain = report
        .analysis
        .customers
        .iter()
        .filter(|c| c.segment == arvo_core::segments::Segment::Retain)
        .count();
    for target in arvo_demo::demo_targets(today, revenue, retain) {
        let draft = target
            .validate()
            .map_err(|e| anyhow::anyhow!("demo target: {e}"))?;
        store
            .save_target(
                None,
                &draft,
                None,
                &Actor::new("Pekka Myyntijohtaja", "demo"),
            )
            .await?;
    }
    Ok(made)
}

/// Loads generated accounts in batches, reporting progress on the way.
async fn load_generated(
    store: &Store,
    count: usize,
    accounts: impl Iterator<Item = arvo_demo::DemoAccount>,
) -> Result<()> {
    let actor = Actor::new("generator", "demo");
    let mut batch = Vec::with_capacity(5000);
    let mut loaded = 0;
    for d in accounts {
        batch.push((d.account, d.contacts));
        if batch.len() == 5000 {
            loaded += store.insert_accounts(&batch, &actor).await?;
            batch.clear();
            eprintln!("{loaded} / {count}");
        }
    }
    store.insert_accounts(&batch, &actor).await?;
    Ok(())
}

async fn duplicates(store: &Store, action: DuplicateAction) -> Result<()> {
    match action {
        DuplicateAction::List { json } => {
            let groups = store.duplicate_groups().await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&groups)?);
                return Ok(());
            }
            if groups.is_empty() {
                println!("No possible duplicates.");
            }
            for (i, g) in groups.iter().enumerate() {
                println!("Group {}:", i + 1);
                for id in &g.account_ids {
                    let a = store.account(*id).await?;
                    let bid = a
                        .data
                        .business_id
                        .map(|b| b.to_string())
                        .unwrap_or_default();
                    println!("  #{id:<8} {:<40} {bid}", a.data.name);
                }
                for m in &g.matches {
                    println!(
                        "  because #{} and #{} share {:?}: {}",
                        m.a, m.b, m.reason, m.value
                    );
                }
            }
            Ok(())
        }
        DuplicateAction::Merge { keep, merge } => {
            if merge.contains(&keep) {
                bail!("--keep {keep} is also listed in --merge");
            }
            let kept = store.merge_accounts(keep, &merge, &cli_actor()).await?;
            println!(
                "Merged {} account(s) into #{} {}.",
                merge.len(),
                kept.id,
                kept.data.name
            );
            Ok(())
        }
        DuplicateAction::Dismiss { ids } => {
            store.dismiss_duplicates(&ids, &cli_actor()).await?;
            println!("Marked {} accounts as different customers.", ids.len());
            Ok(())
        }
    }
}

/// Opens the database without migrating it: a backup only reads, and a restore checks the archive
/// before it brings the schema up to date. A backup's SQLite file must exist.
async fn connect(db: &DbArgs, must_exist: bool) -> Result<Store> {
    if must_exist && let Some(path) = db.database_url.strip_prefix("sqlite://") {
        let path = path.split('?').next().unwrap_or_default();
        if !path.is_empty() && !path.contains(":memory:") && !Path::new(path).exists() {
            bail!("the database file {path} does not exist");
        }
    }
    Store::connect(&db.database_url).await.with_context(|| {
        format!(
            "could not open the database {}",
            arvo_store::redact(&db.database_url)
        )
    })
}

fn describe(summary: &arvo_store::backup::ArchiveSummary) -> String {
    format!(
        "{} rows of {} tables (schema version {})",
        summary.total_rows(),
        summary.rows.len(),
        summary.schema_version
    )
}

async fn backup(db: &DbArgs, file: &Path) -> Result<()> {
    let store = connect(db, true).await?;
    if file == Path::new("-") {
        let summary = store
            .backup(std::io::BufWriter::new(std::io::stdout()))
            .await
            .context("the backup failed")?;
        eprintln!("Backed up {}.", describe(&summary));
        return Ok(());
    }
    // The archive is written beside its final name and renamed when complete, so an interrupted
    // backup never leaves a partial file under that name.
    let mut partial = file.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let written = async {
        let out = std::fs::File::create(&partial)
            .with_context(|| format!("could not create {}", partial.display()))?;
        let mut out = std::io::BufWriter::new(out);
        let summary = store.backup(&mut out).await.context("the backup failed")?;
        let out = out
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        out.sync_all()?;
        std::fs::rename(&partial, file).with_context(|| {
            format!(
                "could not rename {} to {}",
                partial.display(),
                file.display()
            )
        })?;
        anyhow::Ok(summary)
    }
    .await;
    store.close().await;
    match written {
        Ok(summary) => {
            println!("Backed up {} to {}.", describe(&summary), file.display());
            Ok(())
        }
        Err(e) => {
            std::fs::remove_file(&partial).ok();
            Err(e)
        }
    }
}

async fn restore(db: &DbArgs, file: &Path) -> Result<()> {
    let store = connect(db, false).await?;
    let summary = if file == Path::new("-") {
        store
            .restore(std::io::BufReader::new(std::io::stdin()))
            .await
    } else {
        let input = std::fs::File::open(file)
            .with_context(|| format!("could not open {}", file.display()))?;
        store.restore(std::io::BufReader::new(input)).await
    }
    .with_context(|| format!("could not restore {}", file.display()))?;
    store.close().await;
    println!(
        "Restored {} from {} into {}.",
        describe(&summary),
        file.display(),
        arvo_store::redact(&db.database_url)
    );
    Ok(())
}

/// The active user with this email, or a clear error.
async fn user_by_email(store: &Store, email: &str) -> Result<arvo_store::User> {
    match store.credentials_by_email(email).await? {
        Some(c) => Ok(c.user),
        None => bail!("no user has the email {email}"),
    }
}

/// A password from standard input (its first line), or a generated one when there is none.
fn password_from_stdin() -> Result<(String, bool)> {
    use std::io::{BufRead, IsTerminal};
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("Password (empty to generate one): ");
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line)?;
    let typed = line.trim_end_matches(['\r', '\n']).to_owned();
    if typed.is_empty() {
        Ok((arvo_web::auth::secrets::random_text(12), true))
    } else {
        Ok((typed, false))
    }
}

async fn users(store: &Store, action: UserAction) -> Result<()> {
    match action {
        UserAction::Add {
            email,
            name,
            role,
            team,
            language,
        } => {
            let name = name.unwrap_or_else(|| email.split('@').next().unwrap_or(&email).to_owned());
            let input = arvo_core::UserInput {
                name,
                email,
                language,
                role,
                team: team.unwrap_or_default(),
            };
            let (password, generated) = password_from_stdin()?;
            let user = arvo_web::users::create_user(store, &input, Some(&password), &cli_actor())
                .await
                .map_err(|e| anyhow::anyhow!(service_error(&e)))?;
            println!("Added {} <{}> as {}.", user.name, user.email, user.role);
            if generated {
                println!("Password: {password}");
            }
            Ok(())
        }
        UserAction::List => {
            for u in store.users().await? {
                println!(
                    "#{:<5} {:<30} {:<35} {:<16} {:<16} {}",
                    u.id,
                    u.name,
                    u.email,
                    u.role,
                    u.team.as_deref().unwrap_or("-"),
                    if u.active { "active" } else { "deactivated" }
                );
            }
            Ok(())
        }
        UserAction::Deactivate { ref email } | UserAction::Activate { ref email } => {
            let active = matches!(action, UserAction::Activate { .. });
            let user = user_by_email(store, email).await?;
            store.set_user_active(user.id, active, &cli_actor()).await?;
            let done = if active { "Activated" } else { "Deactivated" };
            println!("{done} {} <{}>.", user.name, user.email);
            Ok(())
        }
        UserAction::Password { email } => {
            let user = user_by_email(store, &email).await?;
            let (password, generated) = password_from_stdin()?;
            arvo_web::users::set_password(store, user.id, Some(&password), None, &cli_actor())
                .await
                .map_err(|e| anyhow::anyhow!(service_error(&e)))?;
            println!(
                "Set the password of {} <{}>; their sessions ended.",
                user.name, user.email
            );
            if generated {
                println!("Password: {password}");
            }
            Ok(())
        }
    }
}

async fn tokens(store: &Store, action: TokenAction) -> Result<()> {
    match action {
        TokenAction::Create { user, name } => {
            let user = user_by_email(store, &user).await?;
            let (token, stored) = arvo_web::users::create_token(store, &user, &name, &cli_actor())
                .await
                .map_err(|e| anyhow::anyhow!(service_error(&e)))?;
            println!(
                "Token #{} for {} ({}). It is shown only now:",
                stored.id, user.name, stored.name
            );
            println!("{token}");
            Ok(())
        }
        TokenAction::List { user } => {
            let owner = match user {
                Some(email) => Some(user_by_email(store, &email).await?.id),
                None => None,
            };
            for t in store.tokens(owner).await? {
                println!(
                    "#{:<5} {:<14} {:<25} {:<25} created {} {}",
                    t.id,
                    format!("{}…", t.prefix),
                    t.user_name,
                    t.name,
                    t.created_at.format("%Y-%m-%d"),
                    if t.revoked_at.is_some() {
                        "revoked"
                    } else {
                        ""
                    }
                );
            }
            Ok(())
        }
        TokenAction::Revoke { id } => {
            let t = store.revoke_token(id, &cli_actor()).await?;
            println!("Revoked token #{} ({}) of {}.", t.id, t.name, t.user_name);
            Ok(())
        }
    }
}

async fn contacts(store: &Store, action: ContactAction) -> Result<()> {
    use arvo_web::personal_data::{ExportFormat, export_as};
    match action {
        ContactAction::Export { id } => {
            let data = export_as(store, id, &cli_actor(), None, ExportFormat::Json)
                .await
                .map_err(|e| anyhow::anyhow!(service_error(&e)))?;
            println!("{}", serde_json::to_string_pretty(&data)?);
            Ok(())
        }
        ContactAction::Erase { id, yes } => {
            let contact = store.contact(id).await?;
            if contact.erased_at.is_some() {
                bail!("contact #{id}'s personal data has already been erased");
            }
            if !yes {
                bail!(
                    "this erases the personal data of contact #{id} {} for good; add --yes to do it",
                    contact.data.full_name()
                );
            }
            let actor = cli_actor();
            let erasure = arvo_store::personal_data::Erasure {
                actor: &actor,
                address: None,
                reason: arvo_store::personal_data::ErasureReason::Request,
            };
            store.erase_contact(id, None, &erasure).await?;
            println!("Erased the personal data of contact #{id}.");
            Ok(())
        }
    }
}

async fn retention(store: &Store, action: RetentionAction) -> Result<()> {
    use arvo_web::personal_data as gdpr;
    match action {
        RetentionAction::Report { today, json } => {
            let today = match today {
                Some(d) => arvo_core::dates::parse_date(&d)
                    .map_err(|p| anyhow::anyhow!("--today {d:?} {}", p.english()))?,
                None => gdpr::today(),
            };
            let report = gdpr::report_in(store, &arvo_core::Scope::All, today)
                .await
                .map_err(|e| anyhow::anyhow!(service_error(&e)))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
                return Ok(());
            }
            match report.months {
                None => println!("No retention rule is set (arvo retention set MONTHS)."),
                Some(m) => println!(
                    "Rule: contacts of former customers are erased {m} month(s) after the account \
                     became one. Due on {today}: {}.",
                    report.contacts.len()
                ),
            }
            for c in &report.contacts {
                println!(
                    "  #{:<8} {:<30} #{:<8} {:<30} former since {}  due since {}",
                    c.contact_id, c.name, c.account_id, c.account_name, c.former_since, c.due_on
                );
            }
            Ok(())
        }
        RetentionAction::Apply { confirm } => {
            let actor = cli_actor();
            let erasure = arvo_store::personal_data::Erasure {
                actor: &actor,
                address: None,
                reason: arvo_store::personal_data::ErasureReason::Retention,
            };
            let request = gdpr::RetentionApply {
                confirm: Some(confirm),
                contact_ids: None,
            };
            let applied = gdpr::apply_in(
                store,
                &arvo_core::Scope::All,
                gdpr::today(),
                &request,
                &erasure,
            )
            .await
            .map_err(|e| anyhow::anyhow!(service_error(&e)))?;
            println!("Erased the personal data of {} contact(s).", applied.erased);
            Ok(())
        }
        RetentionAction::Set { months } => {
            let rule = arvo_core::retention::RetentionRule::parse(&months)
                .map_err(|p| anyhow::anyhow!("months {}", p.english()))?;
            gdpr::set_retention_rule_as(store, rule, &cli_actor())
                .await
                .map_err(|e| anyhow::anyhow!(service_error(&e)))?;
            match rule {
                Some(r) => println!("Retention rule set to {} month(s).", r.months),
                None => println!("Retention rule turned off."),
            }
            Ok(())
        }
    }
}

/// An error of the application services in words, naming each bad field.
pub(crate) fn service_error(e: &arvo_web::error::AppError) -> String {
    match e {
        arvo_web::error::AppError::Validation(v) => format!("invalid input: {v}"),
        other => other.to_string(),
    }
}
