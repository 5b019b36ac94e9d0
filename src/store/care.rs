//! Care storage: doctors on duty, consultations from request to rating, what a doctor may
//! see of a patient.

use sqlx::FromRow;

use super::enums::{sql_literal, sql_literals};
use super::{Store, StoreError};
use crate::domain::{now_unix, PhoneNumber};
use crate::readings::number;

stored_enum! {
    /// Where a consultation is: `requested` while a doctor's phone rings, `queued` to wait
    /// for a doctor's callback, `accepted` by a doctor, `in_progress` in a call with them,
    /// then `completed`.
    pub enum ConsultationStatus ("consultation status") {
        Requested = "requested",
        Queued = "queued",
        Accepted = "accepted",
        InProgress = "in_progress",
        Completed = "completed",
        /// The schema allows it and the console names it; nothing writes it today.
        Cancelled = "cancelled",
    }
}

impl ConsultationStatus {
    /// Still waiting for or with a doctor.
    pub const OPEN: &'static [Self] = &[
        Self::Requested,
        Self::Queued,
        Self::Accepted,
        Self::InProgress,
    ];

    /// A doctor has it (accepted, or in the call): the doctor may see the patient's record.
    pub fn is_with_doctor(self) -> bool {
        matches!(self, Self::Accepted | Self::InProgress)
    }

    /// The time column stamped when a consultation moves to this status, if any.
    fn stamp(self) -> Option<&'static str> {
        match self {
            Self::Accepted => Some("accepted_at"),
            Self::InProgress => Some("started_at"),
            Self::Completed | Self::Cancelled => Some("ended_at"),
            Self::Requested | Self::Queued => None,
        }
    }
}

/// A doctor on the roster.
#[derive(Clone, Debug, PartialEq)]
pub struct Doctor {
    pub id: i64,
    pub name: String,
    pub phone: String,
    /// Language codes, the doctor's first (whisper) language first.
    pub languages: Vec<String>,
    pub specializations: Vec<String>,
    /// Working hours, minutes after midnight India time; `start > end` spans midnight.
    pub start_minute: i64,
    pub end_minute: i64,
    pub available: bool,
    pub rating: f64,
    pub rating_count: i64,
    pub completed: i64,
}

impl Doctor {
    /// Whether `minute` (after midnight, India time) falls in the working hours.
    pub fn on_duty_at(&self, minute: i64) -> bool {
        if self.start_minute <= self.end_minute {
            (self.start_minute..self.end_minute).contains(&minute)
        } else {
            minute >= self.start_minute || minute < self.end_minute
        }
    }
}

/// A doctor free to take a call now, with how many consultations they had today.
#[derive(Clone, Debug, PartialEq)]
pub struct FreeDoctor {
    pub doctor: Doctor,
    pub load_today: i64,
}

/// A consultation with what the doctor is told about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Consultation {
    pub id: i64,
    pub patient_id: i64,
    pub patient_phone: String,
    pub doctor_id: Option<i64>,
    pub call_sid: Option<String>,
    pub status: ConsultationStatus,
    pub language: Option<String>,
    pub urgency: Option<String>,
    pub specialization: String,
    pub complaint: String,
    pub red_flags: Vec<String>,
    pub tried_doctors: Vec<i64>,
    pub rating: Option<i64>,
}

/// A consultation to open.
#[derive(Clone, Debug)]
pub struct NewConsultation<'a> {
    pub patient_id: i64,
    pub call_sid: Option<&'a str>,
    pub conversation_id: Option<i64>,
    pub language: &'a str,
    pub urgency: Option<&'a str>,
    pub specialization: &'a str,
    pub complaint: &'a str,
    pub red_flags: &'a [String],
}

/// What a doctor in a consultation may know of the patient (hidden items removed).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PatientSummary {
    pub name: Option<String>,
    pub relation: String,
    pub age: Option<i64>,
    pub sex: Option<String>,
    pub pregnant: bool,
    /// (field, text) of the medical profile, without the fields the patient hid.
    pub profile: Vec<(String, String)>,
    /// Latest health metrics: (kind, value as written, unit and context).
    pub metrics: Vec<(String, String, String)>,
    /// How the patient answered their medicine reminders lately.
    pub adherence: super::Adherence,
}

/// The doctor sees reminder answers of this recent past.
const ADHERENCE_WINDOW_SECS: i64 = 30 * 86_400;

/// What a triage found, as a consultation starts from it.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct TriageSummary {
    pub conversation_id: Option<i64>,
    pub symptoms: String,
    pub urgency: Option<String>,
    pub red_flags: Vec<String>,
}

const TRIAGE_SELECT: &str = "SELECT id, symptoms, urgency, red_flags FROM conversations";

#[derive(FromRow)]
struct TriageRow {
    #[sqlx(rename = "id")]
    conversation_id: Option<i64>,
    symptoms: String,
    urgency: Option<String>,
    red_flags: String,
}

impl From<TriageRow> for TriageSummary {
    fn from(r: TriageRow) -> Self {
        Self {
            conversation_id: r.conversation_id,
            symptoms: r.symptoms,
            urgency: r.urgency,
            red_flags: split_list(&r.red_flags),
        }
    }
}

const DOCTOR_COLUMNS: &str =
    "id, name, phone, languages, specializations, start_minute, end_minute,
    available, rating, rating_count, consultations_completed";

fn split_list(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A row of `doctors` as [`DOCTOR_COLUMNS`] selects it.
#[derive(FromRow)]
struct DoctorRow {
    id: i64,
    name: String,
    phone: String,
    languages: String,
    specializations: String,
    start_minute: i64,
    end_minute: i64,
    available: i64,
    rating: f64,
    rating_count: i64,
    consultations_completed: i64,
}

impl From<DoctorRow> for Doctor {
    fn from(r: DoctorRow) -> Self {
        Self {
            id: r.id,
            name: r.name,
            phone: r.phone,
            languages: split_list(&r.languages),
            specializations: split_list(&r.specializations),
            start_minute: r.start_minute,
            end_minute: r.end_minute,
            available: r.available != 0,
            rating: r.rating,
            rating_count: r.rating_count,
            completed: r.consultations_completed,
        }
    }
}

#[derive(FromRow)]
struct FreeDoctorRow {
    #[sqlx(flatten)]
    doctor: DoctorRow,
    load_today: i64,
}

const CONSULTATION_SELECT: &str =
    "SELECT c.id, c.patient_id, pt.phone AS patient_phone, c.doctor_id, c.call_sid, c.status,
        c.language, c.urgency, c.specialization, c.complaint, c.red_flags, c.tried_doctors, c.rating
     FROM consultations c JOIN patients pt ON pt.id = c.patient_id";

#[derive(FromRow)]
struct ConsultationRow {
    id: i64,
    patient_id: i64,
    patient_phone: String,
    doctor_id: Option<i64>,
    call_sid: Option<String>,
    status: ConsultationStatus,
    language: Option<String>,
    urgency: Option<String>,
    specialization: String,
    complaint: String,
    red_flags: String,
    tried_doctors: String,
    rating: Option<i64>,
}

impl From<ConsultationRow> for Consultation {
    fn from(r: ConsultationRow) -> Self {
        Self {
            id: r.id,
            patient_id: r.patient_id,
            patient_phone: r.patient_phone,
            doctor_id: r.doctor_id,
            call_sid: r.call_sid,
            status: r.status,
            language: r.language,
            urgency: r.urgency,
            specialization: r.specialization,
            complaint: r.complaint,
            red_flags: split_list(&r.red_flags),
            tried_doctors: r
                .tried_doctors
                .split(';')
                .filter_map(|x| x.parse().ok())
                .collect(),
            rating: r.rating,
        }
    }
}

/// What a doctor may know of the patient themself, before the profile.
#[derive(FromRow)]
struct SummaryRow {
    name: Option<String>,
    relation: String,
    age: Option<i64>,
    sex: Option<String>,
    pregnant: i64,
}

#[derive(FromRow)]
struct ProfileRow {
    history: String,
    allergies: String,
    current_medicines: String,
    hidden_from_doctors: String,
}

impl Store {
    /// The doctor registered with this number.
    pub async fn doctor_by_phone(&self, phone: &PhoneNumber) -> Result<Option<Doctor>, StoreError> {
        let row = sqlx::query_as::<_, DoctorRow>(&format!(
            "SELECT {DOCTOR_COLUMNS} FROM doctors WHERE phone = $1"
        ))
        .bind(phone.as_str())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(Doctor::from))
    }

    /// A doctor by id.
    pub async fn doctor(&self, id: i64) -> Result<Option<Doctor>, StoreError> {
        let row = sqlx::query_as::<_, DoctorRow>(&format!(
            "SELECT {DOCTOR_COLUMNS} FROM doctors WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(Doctor::from))
    }

    /// Doctors marked available, on duty at `minute`, and not in a consultation (or only in
    /// one engaged before `stale_before`, which a lost webhook left behind).
    pub async fn free_doctors(
        &self,
        minute: i64,
        day_start: i64,
        stale_before: i64,
    ) -> Result<Vec<FreeDoctor>, StoreError> {
        let rows = sqlx::query_as::<_, FreeDoctorRow>(&format!(
            "SELECT {DOCTOR_COLUMNS},
                 (SELECT COUNT(*) FROM consultations c WHERE c.doctor_id = doctors.id AND c.requested_at >= $1) AS load_today
             FROM doctors WHERE available = 1 AND (engaged_with IS NULL OR engaged_at < $2) ORDER BY id"
        ))
        .bind(day_start)
        .bind(stale_before)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| FreeDoctor {
                doctor: r.doctor.into(),
                load_today: r.load_today,
            })
            .filter(|f| f.doctor.on_duty_at(minute))
            .collect())
    }

    /// Doctors on duty at `minute` who speak `language`, engaged or not (for wait estimates).
    pub async fn doctors_on_duty(&self, minute: i64, language: &str) -> Result<i64, StoreError> {
        let rows = sqlx::query_as::<_, DoctorRow>(&format!(
            "SELECT {DOCTOR_COLUMNS} FROM doctors WHERE available = 1"
        ))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(Doctor::from)
            .filter(|d| d.on_duty_at(minute) && d.languages.iter().any(|l| l == language))
            .count() as i64)
    }

    /// Engages a doctor for a consultation if still free: a single-row conditional update,
    /// so of two callers racing for one doctor exactly one wins.
    pub async fn claim_doctor(
        &self,
        doctor_id: i64,
        consultation_id: i64,
        stale_before: i64,
    ) -> Result<bool, StoreError> {
        let now = now_unix();
        let mut tx = self.writer.begin().await?;
        let claimed = sqlx::query(
            "UPDATE doctors SET engaged_with = $1, engaged_at = $2
             WHERE id = $3 AND available = 1 AND (engaged_with IS NULL OR engaged_at < $4)",
        )
        .bind(consultation_id)
        .bind(now)
        .bind(doctor_id)
        .bind(stale_before)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if claimed != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        sqlx::query(&format!(
            "UPDATE consultations SET doctor_id = $1, status = {},
                 tried_doctors = tried_doctors || $2
             WHERE id = $3",
            sql_literal(ConsultationStatus::Requested)
        ))
        .bind(doctor_id)
        .bind(format!("{doctor_id};"))
        .bind(consultation_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Frees a doctor from a consultation (if still engaged with it).
    pub async fn release_doctor(
        &self,
        doctor_id: i64,
        consultation_id: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE doctors SET engaged_with = NULL, engaged_at = NULL WHERE id = $1 AND engaged_with = $2",
        )
        .bind(doctor_id)
        .bind(consultation_id)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// Sets a doctor's availability (SMS `AVAILABLE` / `BUSY`).
    pub async fn set_doctor_available(
        &self,
        doctor_id: i64,
        available: bool,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE doctors SET available = $1 WHERE id = $2")
            .bind(available as i64)
            .bind(doctor_id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Opens a consultation (status `requested`, no doctor yet); returns its id.
    pub async fn open_consultation(&self, c: &NewConsultation<'_>) -> Result<i64, StoreError> {
        let mut tx = self.writer.begin().await?;
        let id = Self::next_id(&mut *tx, "consultations").await?;
        sqlx::query(&format!(
            "INSERT INTO consultations (id, patient_id, conversation_id, call_sid, status, urgency, requested_at,
                 language, specialization, complaint, red_flags)
             VALUES ($1, $2, $3, $4, {}, $5, $6, $7, $8, $9, $10)",
            sql_literal(ConsultationStatus::Requested)
        ))
        .bind(id)
        .bind(c.patient_id)
        .bind(c.conversation_id)
        .bind(c.call_sid)
        .bind(c.urgency)
        .bind(now_unix())
        .bind(c.language)
        .bind(c.specialization)
        .bind(c.complaint)
        .bind(c.red_flags.join(";"))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A consultation by id.
    pub async fn consultation(&self, id: i64) -> Result<Option<Consultation>, StoreError> {
        let row =
            sqlx::query_as::<_, ConsultationRow>(&format!("{CONSULTATION_SELECT} WHERE c.id = $1"))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(Consultation::from))
    }

    /// The consultation opened during a call that has not ended, if any.
    pub async fn open_consultation_for_call(
        &self,
        call_sid: &str,
    ) -> Result<Option<Consultation>, StoreError> {
        let row = sqlx::query_as::<_, ConsultationRow>(&format!(
            "{CONSULTATION_SELECT} WHERE c.call_sid = $1 AND c.status IN ({})
             ORDER BY c.id DESC LIMIT 1",
            sql_literals(ConsultationStatus::OPEN)
        ))
        .bind(call_sid)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(Consultation::from))
    }

    /// Moves a consultation from one of `from` to `to`, stamping the matching time column.
    /// Conditional, so a retried webhook or a second message applies once; returns whether
    /// it moved.
    pub async fn move_consultation(
        &self,
        id: i64,
        from: &[ConsultationStatus],
        to: ConsultationStatus,
    ) -> Result<bool, StoreError> {
        let set = match to.stamp() {
            Some(stamp) => format!("status = $1, {stamp} = $3"),
            None => "status = $1".to_owned(),
        };
        let sql = format!(
            "UPDATE consultations SET {set} WHERE id = $2 AND status IN ({})",
            sql_literals(from)
        );
        let mut query = sqlx::query(&sql).bind(to.as_str()).bind(id);
        if to.stamp().is_some() {
            query = query.bind(now_unix());
        }
        let moved = query.execute(&self.writer).await?.rows_affected();
        Ok(moved == 1)
    }

    /// Records the doctor's leg of the bridge.
    pub async fn set_doctor_call(&self, id: i64, call_sid: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE consultations SET doctor_call_sid = $1 WHERE id = $2")
            .bind(call_sid)
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Consultations of a number's patients still waiting for or with a doctor, oldest first.
    pub async fn open_consultations(&self, phone: &PhoneNumber) -> Result<Vec<i64>, StoreError> {
        Ok(sqlx::query_scalar::<_, i64>(&format!(
            "SELECT c.id FROM consultations c JOIN patients pt ON pt.id = c.patient_id
             WHERE pt.phone = $1 AND c.status IN ({})
             ORDER BY c.id",
            sql_literals(ConsultationStatus::OPEN)
        ))
        .bind(phone.as_str())
        .fetch_all(&self.pool)
        .await?)
    }

    /// Puts a consultation in the queue for a callback; returns its place (1 = next).
    pub async fn queue_consultation(&self, id: i64) -> Result<i64, StoreError> {
        let queued = sql_literal(ConsultationStatus::Queued);
        sqlx::query(&format!(
            "UPDATE consultations SET status = {queued}, doctor_id = NULL WHERE id = $1 AND status IN ({})",
            sql_literals(&[ConsultationStatus::Requested, ConsultationStatus::Queued])
        ))
        .bind(id)
        .execute(&self.writer)
        .await?;
        Ok(sqlx::query_scalar::<_, i64>(&format!(
            "SELECT COUNT(*) FROM consultations WHERE status = {queued} AND id <= $1"
        ))
        .bind(id)
        .fetch_one(&self.pool)
        .await?)
    }

    /// The oldest queued consultation in one of these languages.
    pub async fn next_queued(
        &self,
        languages: &[String],
    ) -> Result<Option<Consultation>, StoreError> {
        let rows = sqlx::query_as::<_, ConsultationRow>(&format!(
            "{CONSULTATION_SELECT} WHERE c.status = {} ORDER BY c.id LIMIT 50",
            sql_literal(ConsultationStatus::Queued)
        ))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(Consultation::from)
            .find(|c| c.language.as_ref().is_some_and(|l| languages.contains(l))))
    }

    /// Assigns a queued (or the doctor's own) consultation to a doctor who will call back.
    pub async fn take_consultation(&self, id: i64, doctor_id: i64) -> Result<bool, StoreError> {
        use ConsultationStatus::{Accepted, Completed, InProgress, Queued};
        let moved = sqlx::query(&format!(
            "UPDATE consultations SET doctor_id = $1, status = {}, accepted_at = $2
             WHERE id = $3 AND (status = {} OR (doctor_id = $1 AND status IN ({})))",
            sql_literal(Accepted),
            sql_literal(Queued),
            sql_literals(&[Accepted, InProgress, Completed])
        ))
        .bind(doctor_id)
        .bind(now_unix())
        .bind(id)
        .execute(&self.writer)
        .await?
        .rows_affected();
        Ok(moved == 1)
    }

    /// Completes a consultation once: notes kept, the doctor freed and their count raised.
    /// Returns whether this call completed it.
    pub async fn complete_consultation(
        &self,
        id: i64,
        notes: Option<&str>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.writer.begin().await?;
        let moved = sqlx::query(&format!(
            "UPDATE consultations SET status = {}, ended_at = $1
             WHERE id = $2 AND status IN ({})",
            sql_literal(ConsultationStatus::Completed),
            sql_literals(&[ConsultationStatus::Accepted, ConsultationStatus::InProgress])
        ))
        .bind(now_unix())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        // Only the completing answer writes notes: a late or repeated one keeps them.
        if let (Some(notes), 1) = (notes, moved) {
            sqlx::query("UPDATE consultations SET notes = $1 WHERE id = $2")
                .bind(notes)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        if moved == 1 {
            sqlx::query(
                "UPDATE doctors SET consultations_completed = consultations_completed + 1,
                     engaged_with = CASE WHEN engaged_with = $1 THEN NULL ELSE engaged_with END,
                     engaged_at = CASE WHEN engaged_with = $1 THEN NULL ELSE engaged_at END
                 WHERE id = (SELECT doctor_id FROM consultations WHERE id = $1)",
            )
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(moved == 1)
    }

    /// The newest completed, unrated consultation of a number's patients since `since`.
    pub async fn unrated_consultation(
        &self,
        phone: &PhoneNumber,
        since: i64,
    ) -> Result<Option<i64>, StoreError> {
        Ok(sqlx::query_scalar::<_, i64>(&format!(
            "SELECT c.id FROM consultations c JOIN patients pt ON pt.id = c.patient_id
             WHERE pt.phone = $1 AND c.status = {} AND c.rating IS NULL AND c.ended_at >= $2
             ORDER BY c.ended_at DESC, c.id DESC LIMIT 1",
            sql_literal(ConsultationStatus::Completed)
        ))
        .bind(phone.as_str())
        .bind(since)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Rates a completed consultation once (1-5) and folds it into the doctor's average.
    pub async fn rate_consultation(&self, id: i64, rating: i64) -> Result<bool, StoreError> {
        let mut tx = self.writer.begin().await?;
        let rated = sqlx::query(&format!(
            "UPDATE consultations SET rating = $1 WHERE id = $2 AND status = {} AND rating IS NULL",
            sql_literal(ConsultationStatus::Completed)
        ))
        .bind(rating)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if rated == 1 {
            sqlx::query(
                "UPDATE doctors SET rating = (rating * rating_count + $1) / (rating_count + 1),
                     rating_count = rating_count + 1
                 WHERE id = (SELECT doctor_id FROM consultations WHERE id = $2)",
            )
            .bind(rating as f64)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(rated == 1)
    }

    /// What the doctor of a consultation may know of its patient: profile minus hidden
    /// fields, and the three latest health metrics.
    pub async fn patient_summary(&self, patient_id: i64) -> Result<PatientSummary, StoreError> {
        let Some(p) = sqlx::query_as::<_, SummaryRow>(
            "SELECT name, relation, age, sex, pregnant FROM patients WHERE id = $1",
        )
        .bind(patient_id)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(PatientSummary::default());
        };
        let mut summary = PatientSummary {
            name: p.name,
            relation: p.relation,
            age: p.age,
            sex: p.sex,
            pregnant: p.pregnant != 0,
            ..Default::default()
        };
        if let Some(m) = sqlx::query_as::<_, ProfileRow>(
            "SELECT history, allergies, current_medicines, hidden_from_doctors FROM medical_profiles WHERE patient_id = $1",
        )
        .bind(patient_id)
        .fetch_optional(&self.pool)
        .await?
        {
            let hidden: Vec<String> = m
                .hidden_from_doctors
                .split(',')
                .map(|h| h.trim().to_lowercase())
                .collect();
            let fields = [
                ("history", m.history),
                ("allergies", m.allergies),
                ("current_medicines", m.current_medicines),
            ];
            for (field, text) in fields {
                if !text.trim().is_empty() && !hidden.iter().any(|h| h == field) {
                    summary.profile.push((field.to_string(), text));
                }
            }
        }
        // A pregnancy the patient hid is left out with its item.
        if summary.pregnant && self.pregnancy_hidden(patient_id).await? {
            summary.pregnant = false;
        }
        for item in self.profile_items(patient_id).await? {
            if !item.hidden {
                summary
                    .profile
                    .push((item.kind.as_str().to_owned(), item.text));
            }
        }
        summary.metrics = self
            .readings(patient_id, 3)
            .await?
            .into_iter()
            .map(|r| {
                let value = match r.second_value {
                    Some(second) => format!("{}/{}", number(r.value), number(second)),
                    None => number(r.value),
                };
                let unit = [r.unit.as_str(), r.context.as_str()].join(" ");
                (r.kind, value, unit.trim().to_owned())
            })
            .collect();
        summary.adherence = self
            .adherence(patient_id, now_unix() - ADHERENCE_WINDOW_SECS)
            .await?;
        Ok(summary)
    }

    /// The latest triage of a call.
    pub async fn call_triage(&self, call_sid: &str) -> Result<Option<TriageSummary>, StoreError> {
        let row = sqlx::query_as::<_, TriageRow>(&format!(
            "{TRIAGE_SELECT} WHERE call_sid = $1 ORDER BY id DESC LIMIT 1"
        ))
        .bind(call_sid)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(TriageSummary::from))
    }

    /// The number's latest SMS triage since `since`.
    pub async fn latest_sms_triage(
        &self,
        phone: &PhoneNumber,
        since: i64,
    ) -> Result<Option<TriageSummary>, StoreError> {
        let row = sqlx::query_as::<_, TriageRow>(&format!(
            "{TRIAGE_SELECT} WHERE phone = $1 AND channel = 'sms' AND created_at >= $2 ORDER BY id DESC LIMIT 1"
        ))
        .bind(phone.as_str())
        .bind(since)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(TriageSummary::from))
    }

    /// Records a health metric for a patient (from the operator or a future caller flow).
    pub async fn add_health_metric(
        &self,
        patient_id: i64,
        kind: &str,
        value: f64,
        unit: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        let id = Self::next_id(&mut *tx, "health_metrics").await?;
        sqlx::query(
            "INSERT INTO health_metrics (id, patient_id, kind, value, unit, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(patient_id)
        .bind(kind)
        .bind(value)
        .bind(unit)
        .bind(now_unix())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets a patient's medical profile, with the fields they hide from doctors.
    pub async fn set_medical_profile(
        &self,
        patient_id: i64,
        history: &str,
        allergies: &str,
        current_medicines: &str,
        hidden: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO medical_profiles (patient_id, history, allergies, current_medicines, hidden_from_doctors, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (patient_id) DO UPDATE SET history = $2, allergies = $3, current_medicines = $4,
                 hidden_from_doctors = $5, updated_at = $6",
        )
        .bind(patient_id)
        .bind(history)
        .bind(allergies)
        .bind(current_medicines)
        .bind(hidden)
        .bind(now_unix())
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// Sets what is known of a patient (age, sex, pincode), from the operator or a call.
    pub async fn set_patient_details(
        &self,
        patient_id: i64,
        age: Option<i64>,
        sex: Option<&str>,
        pincode: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE patients SET age = COALESCE($1, age), sex = COALESCE($2, sex), pincode = COALESCE($3, pincode)
             WHERE id = $4",
        )
        .bind(age)
        .bind(sex)
        .bind(pincode)
        .bind(patient_id)
        .execute(&self.writer)
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doctor(start: i64, end: i64) -> Doctor {
        Doctor {
            id: 1,
            name: "d".into(),
            phone: "+919000000000".into(),
            languages: vec![],
            specializations: vec![],
            start_minute: start,
            end_minute: end,
            available: true,
            rating: 0.0,
            rating_count: 0,
            completed: 0,
        }
    }

    #[test]
    fn consultation_statuses_read_back_what_they_store() {
        super::super::enums::assert_round_trip(ConsultationStatus::ALL);
        assert_eq!(ConsultationStatus::InProgress.to_string(), "in_progress");
    }

    #[test]
    fn duty_hours_may_span_midnight() {
        let day = doctor(9 * 60, 17 * 60);
        assert!(day.on_duty_at(9 * 60));
        assert!(!day.on_duty_at(17 * 60));
        assert!(!day.on_duty_at(3 * 60));
        let night = doctor(20 * 60, 8 * 60);
        assert!(night.on_duty_at(23 * 60));
        assert!(night.on_duty_at(2 * 60));
        assert!(!night.on_duty_at(12 * 60));
        let always = doctor(0, 24 * 60);
        assert!(always.on_duty_at(0) && always.on_duty_at(24 * 60 - 1));
    }
}
