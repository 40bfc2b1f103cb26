//! The care of customers in words: encounter kinds, channels, roles, task origins, account plans'
//! metrics and action states, and the sentences that say why an action is suggested and what it
//! proposes.

use super::Lang;
use arvo_core::care::{EncounterChannel, EncounterKind, Gap, GapKind, ResponsibleRole, Step};
use arvo_core::work::TaskOrigin;

impl Lang {
    pub fn goal_metric(self, m: arvo_core::plan::GoalMetric) -> &'static str {
        use arvo_core::plan::GoalMetric as M;
        let t = self.texts();
        match m {
            M::ShareOfWallet => t.metric_share_of_wallet,
            M::Revenue => t.metric_revenue,
            M::Margin => t.metric_margin,
            M::Custom => t.metric_custom,
        }
    }

    pub fn target_metric(self, m: arvo_core::targets::TargetMetric) -> &'static str {
        use arvo_core::targets::TargetMetric as M;
        let t = self.texts();
        match m {
            M::Revenue => t.metric_revenue,
            M::Margin => t.metric_margin,
            M::Customers => t.metric_customers,
            M::ShareOfWallet => t.metric_share_of_wallet,
            M::Adherence => t.metric_adherence,
        }
    }

    /// A value in hundredths of `unit` in words, as goals and targets show it: whole euros
    /// (`120 000 €`), `25,0 %`, `12`, `3,5`.
    pub fn unit_value(self, unit: arvo_core::unit::Unit, hundredths: i64) -> String {
        use arvo_core::unit::Unit;
        match unit {
            Unit::Money => self.money_whole(arvo_core::Money::from_cents(hundredths)),
            #[allow(clippy::cast_precision_loss)]
            Unit::Percent => self.percent(Some(hundredths as f64 / 10_000.0)),
            Unit::Count => self.count(u64::try_from(hundredths / 100).unwrap_or(0)),
            Unit::Number => {
                self.number(arvo_core::Decimal::new(i128::from(hundredths), 2).normalized())
            }
        }
    }

    /// A value in hundredths of `unit` as typed into a form: `120000,00`, `25`, `3,5`.
    pub fn unit_input(self, unit: arvo_core::unit::Unit, hundredths: i64) -> String {
        use arvo_core::unit::Unit;
        match unit {
            Unit::Money => self.money_input(arvo_core::Money::from_cents(hundredths)),
            Unit::Count => (hundredths / 100).to_string(),
            Unit::Percent | Unit::Number => {
                let mark = if self == Self::Fi { ',' } else { '.' };
                arvo_core::Decimal::new(i128::from(hundredths), 2)
                    .normalized()
                    .format(mark)
            }
        }
    }

    pub fn action_status(self, s: arvo_core::plan::ActionStatus) -> &'static str {
        use arvo_core::plan::ActionStatus as S;
        let t = self.texts();
        match s {
            S::Planned => t.status_planned,
            S::InProgress => t.status_in_progress,
            S::Done => t.status_done,
            S::Cancelled => t.status_cancelled,
        }
    }

    pub fn encounter_kind(self, kind: EncounterKind) -> &'static str {
        use EncounterKind as K;
        match (self, kind) {
            (Self::Fi, K::Call) => "Puhelu",
            (Self::Fi, K::Meeting) => "Tapaaminen",
            (Self::Fi, K::Visit) => "Asiakaskäynti",
            (Self::Fi, K::Email) => "Sähköposti",
            (Self::Fi, K::Event) => "Tapahtuma",
            (Self::Fi, K::Delivery) => "Toimitus",
            (Self::Fi, K::BusinessReview) => "Liiketoimintakatsaus",
            (Self::Fi, K::Offer) => "Tarjous",
            (Self::Fi, K::Survey) => "Asiakaskysely",
            (Self::Fi, K::Newsletter) => "Uutiskirje",
            (Self::En, K::Call) => "Call",
            (Self::En, K::Meeting) => "Meeting",
            (Self::En, K::Visit) => "Visit",
            (Self::En, K::Email) => "Email",
            (Self::En, K::Event) => "Event",
            (Self::En, K::Delivery) => "Delivery",
            (Self::En, K::BusinessReview) => "Business review",
            (Self::En, K::Offer) => "Offer",
            (Self::En, K::Survey) => "Customer survey",
            (Self::En, K::Newsletter) => "Newsletter",
        }
    }

    /// An encounter kind by its code; the code itself when this version does not know it.
    pub fn encounter_kind_code(self, code: &str) -> String {
        EncounterKind::parse(code)
            .map_or_else(|| code.to_owned(), |k| self.encounter_kind(k).into())
    }

    pub fn encounter_channel(self, channel: EncounterChannel) -> &'static str {
        use EncounterChannel as C;
        match (self, channel) {
            (Self::Fi, C::InPerson) => "kasvokkain",
            (Self::Fi, C::Phone) => "puhelimessa",
            (Self::Fi, C::Video) => "videolla",
            (Self::Fi, C::Email) => "sähköpostilla",
            (Self::Fi, C::Digital) => "digitaalisesti",
            (Self::En, C::InPerson) => "in person",
            (Self::En, C::Phone) => "by phone",
            (Self::En, C::Video) => "on video",
            (Self::En, C::Email) => "by email",
            (Self::En, C::Digital) => "digitally",
        }
    }

    /// An encounter channel by its code; the code itself when this version does not know it.
    pub fn encounter_channel_code(self, code: &str) -> String {
        EncounterChannel::parse(code)
            .map_or_else(|| code.to_owned(), |c| self.encounter_channel(c).into())
    }

    pub fn responsible_role(self, role: ResponsibleRole) -> &'static str {
        match (self, role) {
            (Self::Fi, ResponsibleRole::Owner) => "Vastuumyyjä",
            (Self::Fi, ResponsibleRole::Manager) => "Myyntipäällikkö",
            (Self::Fi, ResponsibleRole::Marketing) => "Markkinointi",
            (Self::En, ResponsibleRole::Owner) => "Account owner",
            (Self::En, ResponsibleRole::Manager) => "Sales manager",
            (Self::En, ResponsibleRole::Marketing) => "Marketing",
        }
    }

    pub fn task_origin(self, origin: TaskOrigin) -> &'static str {
        match (self, origin) {
            (Self::Fi, TaskOrigin::Manual) => "Oma",
            (Self::Fi, TaskOrigin::CareModel) => "Hoitomalli",
            (Self::Fi, TaskOrigin::AccountPlan) => "Asiakassuunnitelma",
            (Self::Fi, TaskOrigin::Alert) => "Passivoitumisvaroitus",
            (Self::En, TaskOrigin::Manual) => "Own",
            (Self::En, TaskOrigin::CareModel) => "Care model",
            (Self::En, TaskOrigin::AccountPlan) => "Account plan",
            (Self::En, TaskOrigin::Alert) => "Passivation alert",
        }
    }

    /// The step a gap proposes: `Puhelu puhelimessa`, `Business review in person`.
    pub fn step(self, step: &Step) -> String {
        match step {
            Step::Encounter { kind, channel } => format!(
                "{} {}",
                self.encounter_kind(*kind),
                self.encounter_channel(*channel)
            ),
            Step::PlanAction { title, .. } => title.clone(),
        }
    }

    /// Why a gap is suggested, in one sentence that names the customer: "Kone Oy: no contact
    /// for 47 days; the retain care model requires one every 30 days."
    pub fn gap_reason(self, account: &str, gap: &Gap) -> String {
        let days = |n: i64| self.count(n.max(0) as u64);
        match (&gap.kind, self) {
            (
                GapKind::Requirement {
                    name,
                    segment,
                    every_days,
                    ..
                },
                Self::Fi,
            ) => format!(
                "{account}: {name} puuttuu {} päivältä; segmentin »{}« hoitomalli edellyttää sitä {} päivän välein.",
                days(gap.days_overdue + i64::from(*every_days)),
                self.segment(*segment),
                days(i64::from(*every_days)),
            ),
            (
                GapKind::Requirement {
                    name,
                    segment,
                    every_days,
                    ..
                },
                Self::En,
            ) => format!(
                "{account}: no {} for {} days; the {} care model requires one every {} days.",
                name.to_lowercase(),
                days(gap.days_overdue + i64::from(*every_days)),
                self.segment(*segment).to_lowercase(),
                days(i64::from(*every_days)),
            ),
            (GapKind::PlanReview { every_days, .. }, Self::Fi) => format!(
                "{account}: asiakkuussuunnitelmaa ei ole katselmoitu {} päivään; se katselmoidaan {} päivän välein.",
                days(gap.days_overdue + i64::from(*every_days)),
                days(i64::from(*every_days)),
            ),
            (GapKind::PlanReview { every_days, .. }, Self::En) => format!(
                "{account}: the account plan has not been reviewed for {} days; it is reviewed every {} days.",
                days(gap.days_overdue + i64::from(*every_days)),
                days(i64::from(*every_days)),
            ),
            (GapKind::PlanAction { title, .. }, Self::Fi) => format!(
                "{account}: asiakkuussuunnitelman toimenpide »{title}« erääntyi {}.",
                self.date(gap.due)
            ),
            (GapKind::PlanAction { title, .. }, Self::En) => format!(
                "{account}: the account plan's action “{title}” was due on {}.",
                self.date(gap.due)
            ),
            (GapKind::Passivation { alert }, _) => format!("{account}: {}", self.alert(alert)),
        }
    }
}
