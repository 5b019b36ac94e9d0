//! Medicine reminders and follow-up calls: when each goes out, what it says, and what an
//! unanswered call leads to.
//!
//! Everything due is an outbox item stored with its time and key (`store/reminders.rs`), so
//! the outbox worker sends it, with leases, on whichever node; no timer lives in memory and
//! every function takes the clock as `now`, so tests run a week in milliseconds. It must not
//! know TwiML or Twilio's REST API.

use fluent_bundle::FluentValue;

use crate::config::{CallbackPolicy, ReminderPolicy};
use crate::domain::{india_day_start, minute_in_india, PhoneNumber};
use crate::languages::{Catalog, Language};
use crate::store::{
    stored_phone, DoseStatus, FollowUpStatus, NewPlan, OutboxItem, Outgoing, Placed, PlannedDose,
    Prescription, Store, StoreError,
};

/// A time of day a patient can be reminded at (keypad and SMS digits 1-4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Slot {
    Morning,
    Afternoon,
    Evening,
    Night,
}

impl Slot {
    const ALL: [Slot; 4] = [Slot::Morning, Slot::Afternoon, Slot::Evening, Slot::Night];

    /// The slot a digit picks (1 morning … 4 night).
    pub fn from_digit(c: char) -> Option<Self> {
        let i = c.to_digit(10)? as usize;
        Self::ALL.get(i.checked_sub(1)?).copied()
    }

    /// As stored, and in message ids (`remind-slot-morning`).
    pub fn as_str(self) -> &'static str {
        match self {
            Slot::Morning => "morning",
            Slot::Afternoon => "afternoon",
            Slot::Evening => "evening",
            Slot::Night => "night",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The slots named by the digits in a text (`"1 4"`, `"14#"`), each once, in day order.
pub fn slots_in(text: &str) -> Vec<Slot> {
    let mut slots: Vec<Slot> = text.chars().filter_map(Slot::from_digit).collect();
    slots.sort();
    slots.dedup();
    slots
}

/// How a patient is reminded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    Call,
    Sms,
}

impl Channel {
    /// As message ids name it (`remind-channel-call`).
    pub fn as_str(self) -> &'static str {
        self.outgoing().as_str()
    }

    /// What the outbox sends for each dose, stored as the plan's channel.
    pub fn outgoing(self) -> Outgoing {
        match self {
            Channel::Call => Outgoing::Call,
            Channel::Sms => Outgoing::Sms,
        }
    }
}

/// Whether `at` falls in the quiet hours of `quiet` (start > end spans midnight).
pub fn in_quiet_hours(at: i64, quiet: &CallbackPolicy) -> bool {
    let (start, end) = (quiet.quiet_start_minute, quiet.quiet_end_minute);
    let minute = minute_in_india(at);
    match start.cmp(&end) {
        std::cmp::Ordering::Equal => false,
        std::cmp::Ordering::Less => (start..end).contains(&minute),
        std::cmp::Ordering::Greater => minute >= start || minute < end,
    }
}

/// `at`, or the end of the quiet hours it falls in.
pub fn out_of_quiet_hours(at: i64, quiet: &CallbackPolicy) -> i64 {
    if !in_quiet_hours(at, quiet) {
        return at;
    }
    let mut resume = india_day_start(at) + quiet.quiet_end_minute * 60;
    if resume <= at {
        resume += 86_400;
    }
    resume
}

/// The reminder times for a prescription written at `written` for `days` days: every chosen
/// slot after `now` and within the days, moved out of quiet hours, each time once.
pub fn dose_times(
    written: i64,
    days: i64,
    slots: &[Slot],
    now: i64,
    policy: &ReminderPolicy,
    quiet: &CallbackPolicy,
) -> Vec<PlannedDose> {
    let end = written + days.max(1) * 86_400;
    let mut out: Vec<PlannedDose> = vec![];
    let first_day = india_day_start(written);
    for day in 0..=days.max(1) {
        for slot in slots {
            let at = first_day + day * 86_400 + policy.slot_minutes[slot.index()] * 60;
            let at = out_of_quiet_hours(at, quiet);
            if at > now && at > written && at <= end && !out.iter().any(|d| d.due_at == at) {
                out.push(PlannedDose {
                    due_at: at,
                    slot: slot.as_str().to_owned(),
                    medicines: String::new(),
                });
            }
        }
    }
    out.sort_by_key(|d| d.due_at);
    out
}

/// The reminder and follow-up service's dependencies.
pub struct Reminders<'a> {
    pub store: &'a Store,
    pub catalog: &'a Catalog,
    pub policy: &'a ReminderPolicy,
    pub quiet: &'a CallbackPolicy,
}

/// A plan as set: where it starts and ends.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanSet {
    pub plan_id: i64,
    pub doses: usize,
    pub ends_at: i64,
}

impl Reminders<'_> {
    /// What a placed call for `placed` number `id` is for, as the outbox stores it (each
    /// carrier's edge makes its own first URL from it).
    pub fn call_url(&self, placed: Placed, id: i64) -> String {
        match placed {
            Placed::Dose => crate::ivr::Intent::Dose(id),
            Placed::FollowUp => crate::ivr::Intent::FollowUp(id),
        }
        .stored()
    }

    /// What a reminder at `at` names: each medicine whose course still runs then, with its
    /// dose and how often, as the doctor wrote them (a 3-day course is not named on day 5).
    pub fn medicines(prescription: &Prescription, at: i64) -> String {
        prescription
            .items
            .iter()
            .filter(|i| at <= prescription.created_at + i.days.max(1) * 86_400)
            .map(|i| {
                let named = format!("{} {}", i.medicine, i.dose);
                match i.frequency.trim() {
                    "" => named.trim().to_owned(),
                    f => format!("{} ({f})", named.trim()),
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Sets (or replaces) the reminders of a prescription; `who` names the patient.
    #[allow(clippy::too_many_arguments)]
    pub async fn set_plan(
        &self,
        prescription: &Prescription,
        patient_id: i64,
        phone: &PhoneNumber,
        lang: &Language,
        who: &str,
        slots: &[Slot],
        channel: Channel,
        now: i64,
    ) -> Result<PlanSet, StoreError> {
        let days = prescription.items.iter().map(|i| i.days).max().unwrap_or(1);
        let mut doses = dose_times(
            prescription.created_at,
            days,
            slots,
            now,
            self.policy,
            self.quiet,
        );
        for d in &mut doses {
            d.medicines = Self::medicines(prescription, d.due_at);
        }
        let names: Vec<&str> = slots.iter().map(|s| s.as_str()).collect();
        let plan = NewPlan {
            prescription_id: prescription.id,
            patient_id,
            phone,
            language: lang.code(),
            slots: &names,
            channel: channel.outgoing(),
            ends_at: prescription.created_at + days * 86_400,
        };
        let body = |dose_id, dose: &PlannedDose| match channel {
            Channel::Call => self.call_url(Placed::Dose, dose_id),
            Channel::Sms => self.dose_sms(lang, who, &dose.medicines),
        };
        let plan_id = self
            .store
            .create_reminder_plan(&plan, &doses, body, now)
            .await?;
        Ok(PlanSet {
            plan_id,
            doses: doses.len(),
            ends_at: plan.ends_at,
        })
    }

    /// The SMS a dose reminder sends.
    pub fn dose_sms(&self, lang: &Language, who: &str, medicines: &str) -> String {
        self.catalog.text(
            lang,
            "sms-remind-dose",
            &[("who", who.into()), ("medicines", medicines.into())],
        )
    }

    /// Decides at send time whether a reminder or follow-up still goes: `Some(reason)` to
    /// skip it (STOP, a stopped plan, an answered dose, the daily cap, quiet hours). Keeps
    /// the text as the number's last message when it goes. Other items pass untouched.
    pub async fn gate(
        &self,
        item: &OutboxItem,
        now: i64,
    ) -> Result<Option<&'static str>, StoreError> {
        let Some((placed, id, _)) = Placed::parse_key(&item.key) else {
            return Ok(None);
        };
        if self.store.is_opted_out(&item.to_phone).await? {
            return Ok(Some("recipient sent STOP"));
        }
        if in_quiet_hours(now, self.quiet) {
            return Ok(Some("quiet hours"));
        }
        let sent_today = self
            .store
            .reminders_sent_since(&item.to_phone, india_day_start(now))
            .await?;
        if sent_today >= self.policy.daily_cap {
            return Ok(Some("daily cap reached"));
        }
        let phone = stored_phone(&item.to_phone)?;
        match placed {
            Placed::Dose => {
                let Some(dose) = self.store.dose(id).await? else {
                    return Ok(Some("no such dose"));
                };
                if dose.stopped != 0 {
                    return Ok(Some("reminders stopped"));
                }
                if dose.status != DoseStatus::Due {
                    return Ok(Some("dose already answered"));
                }
                let lang = self.language(&dose.language);
                let who = self.who(dose.patient_id, &lang).await?;
                let text = self.dose_sms(&lang, &who, &dose.medicines);
                self.store
                    .set_last_message(&phone, &text, lang.code())
                    .await?;
            }
            Placed::FollowUp => {
                let Some(f) = self.store.follow_up(id).await? else {
                    return Ok(Some("no such follow-up"));
                };
                if f.status != FollowUpStatus::Due {
                    return Ok(Some("follow-up already answered"));
                }
            }
        }
        if item.kind == Outgoing::Call {
            self.store.count_call(placed, id).await?;
        }
        Ok(None)
    }

    /// A call we placed ended with `status`: an unanswered reminder is called again after
    /// the retry delay (up to the policy's calls, never in quiet hours), an unanswered
    /// follow-up once more; what stays unanswered is recorded.
    pub async fn call_ended(
        &self,
        call_sid: &str,
        status: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        if !matches!(status, "no-answer" | "busy" | "failed" | "canceled") {
            return Ok(());
        }
        let Some(key) = self.store.outbox_key_of(call_sid).await? else {
            return Ok(());
        };
        let Some((placed, id, n)) = Placed::parse_key(&key) else {
            return Ok(());
        };
        let (retries_left, at, to) = match placed {
            Placed::Dose => {
                let Some(d) = self.store.dose(id).await? else {
                    return Ok(());
                };
                let at = now + self.policy.retry_secs;
                let ok =
                    n < self.policy.max_calls && d.stopped == 0 && !in_quiet_hours(at, self.quiet);
                (ok, at, d.phone)
            }
            Placed::FollowUp => {
                let Some(f) = self.store.follow_up(id).await? else {
                    return Ok(());
                };
                let at = out_of_quiet_hours(now + self.policy.follow_up_retry_secs, self.quiet);
                (n < 2 && f.status == FollowUpStatus::Due, at, f.phone)
            }
        };
        let to = stored_phone(&to)?;
        if retries_left {
            let url = self.call_url(placed, id);
            self.store
                .queue_call_retry(placed, id, n + 1, &to, &url, at)
                .await?;
            tracing::info!(key = %key, in_secs = at - now, "unanswered: calling again");
            return Ok(());
        }
        match placed {
            Placed::Dose => {
                self.store
                    .set_dose_status(id, DoseStatus::Missed, now)
                    .await
            }
            Placed::FollowUp => {
                self.store
                    .set_follow_up_status(id, FollowUpStatus::Unanswered, now)
                    .await
            }
        }
    }

    /// Schedules the follow-up call after a completed consultation or a high/medium triage
    /// (one per cause; none while another is due for the patient).
    #[allow(clippy::too_many_arguments)]
    pub async fn follow_up_after(
        &self,
        cause: &str,
        patient_id: Option<i64>,
        phone: &PhoneNumber,
        lang: &Language,
        conversation_id: Option<i64>,
        now: i64,
    ) -> Result<Option<i64>, StoreError> {
        let due = out_of_quiet_hours(now + self.policy.follow_up_secs, self.quiet);
        let url = |id| self.call_url(Placed::FollowUp, id);
        self.store
            .schedule_follow_up(
                cause,
                patient_id,
                phone,
                lang.code(),
                conversation_id,
                due,
                url,
                now,
            )
            .await
    }

    /// How a reminder names the patient: their name, else who they are to the caller.
    pub async fn who(&self, patient_id: i64, lang: &Language) -> Result<String, StoreError> {
        let summary = self.store.patient_summary(patient_id).await?;
        Ok(match summary.name {
            Some(name) if !name.trim().is_empty() => name,
            _ => self.catalog.text(
                lang,
                &format!("relation-{}", summary.relation),
                &[] as &[(&str, FluentValue)],
            ),
        })
    }

    fn language(&self, code: &str) -> Language {
        self.catalog
            .parse(code)
            .unwrap_or_else(|| self.catalog.fallback())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-24 00:00 India time.
    const MIDNIGHT_IST: i64 = 1_795_458_600;

    #[test]
    fn a_reminder_names_only_the_medicines_still_in_their_course() {
        let item = |medicine: &str, days| crate::store::PrescriptionItem {
            medicine: medicine.into(),
            dose: "1 tablet".into(),
            frequency: "once a day".into(),
            days,
        };
        let rx = Prescription {
            id: 1,
            doctor_name: None,
            created_at: MIDNIGHT_IST,
            items: vec![item("A", 3), item("B", 5)],
        };
        let day = |d: i64| MIDNIGHT_IST + d * 86_400 + 8 * 3600;
        assert_eq!(
            Reminders::medicines(&rx, day(1)),
            "A 1 tablet (once a day), B 1 tablet (once a day)"
        );
        assert_eq!(Reminders::medicines(&rx, day(4)), "B 1 tablet (once a day)");
    }

    #[test]
    fn slots_are_read_from_digits_once_each() {
        assert_eq!(slots_in("1 4"), vec![Slot::Morning, Slot::Night]);
        assert_eq!(slots_in("41#1"), vec![Slot::Morning, Slot::Night]);
        assert_eq!(slots_in("059"), Vec::<Slot>::new());
    }

    #[test]
    fn a_three_day_prescription_reminds_at_each_slot_within_its_days() {
        let policy = ReminderPolicy::default();
        let quiet = CallbackPolicy::default();
        let written = MIDNIGHT_IST + 10 * 3600;
        let doses = dose_times(
            written,
            3,
            &[Slot::Morning, Slot::Night],
            written,
            &policy,
            &quiet,
        );
        let hours: Vec<f64> = doses
            .iter()
            .map(|d| (d.due_at - MIDNIGHT_IST) as f64 / 3600.0)
            .collect();
        assert_eq!(hours, vec![20.5, 32.0, 44.5, 56.0, 68.5, 80.0]);
    }

    #[test]
    fn slots_in_quiet_hours_move_to_their_end() {
        let policy = ReminderPolicy::default();
        let quiet = CallbackPolicy {
            quiet_start_minute: 20 * 60,
            quiet_end_minute: 9 * 60,
            ..CallbackPolicy::default()
        };
        let doses = dose_times(
            MIDNIGHT_IST,
            1,
            &[Slot::Morning, Slot::Night],
            MIDNIGHT_IST,
            &policy,
            &quiet,
        );
        // Morning (8:00) and night (20:30) are both quiet: each moves to 9:00, once.
        let times: Vec<i64> = doses.iter().map(|d| d.due_at).collect();
        assert_eq!(times, vec![MIDNIGHT_IST + 9 * 3600]);
        assert!(in_quiet_hours(MIDNIGHT_IST + 23 * 3600, &quiet));
        assert!(!in_quiet_hours(MIDNIGHT_IST + 12 * 3600, &quiet));
    }
}
