//! Console storage: operators, one-time sign-in codes, sessions, claimed forms, and the
//! lists the console's pages show (the queue, a patient's past, a pharmacy's orders and
//! stock, the outbox, the line's daily counts). Rows are read by name (`FromRow`).

use super::enums::{sql_literal, sql_literals};
use super::{ConsultationStatus, Store, StoreError};
use crate::domain::{PhoneNumber, IST_OFFSET_SECS};

/// A stored sign-in code still open to a try.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SignInCode {
    pub id: i64,
    pub code_hash: String,
    pub tries: i64,
}

/// A signed-in member of staff, as stored against the hash of their cookie's token.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct SessionRow {
    pub token_hash: String,
    pub phone: String,
    /// `doctor`, `pharmacist` or `operator`.
    pub role: String,
    /// The doctor's or pharmacy's id; 0 for an operator.
    pub subject_id: i64,
    pub csrf: String,
    pub expires_at: i64,
}

/// A consultation waiting in the queue, as a doctor may see it before accepting: no name,
/// number or words of the patient's.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct Waiting {
    pub id: i64,
    pub status: ConsultationStatus,
    pub urgency: Option<String>,
    pub red_flags: String,
    pub language: Option<String>,
    pub specialization: String,
    pub requested_at: i64,
}

/// An earlier consultation of a patient, for the record page.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct PastConsultation {
    pub id: i64,
    pub status: ConsultationStatus,
    pub requested_at: i64,
    pub doctor_name: Option<String>,
    pub complaint: String,
    pub notes: String,
}

/// When a consultation was asked for and ended, and what it started from.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct ConsultationTimes {
    pub requested_at: i64,
    pub ended_at: Option<i64>,
    pub conversation_id: Option<i64>,
    pub notes: String,
}

/// A line of a pharmacy's stock.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct StockLine {
    pub id: i64,
    pub medicine: String,
    pub generic_name: String,
    pub manufacturer: String,
    pub price_paise: i64,
    pub quantity: i64,
    pub expiry: String,
}

/// An outbox item as the operator sees it (the text itself is not shown: it may quote a
/// patient's prescription).
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub kind: super::Outgoing,
    pub to_phone: String,
    pub idempotency_key: String,
    pub status: super::OutboxStatus,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub next_attempt_at: i64,
}

/// A count for one India day (days since 1970-01-01 in India).
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct DayCount {
    pub day: i64,
    pub n: i64,
}

/// Triage conversations of one urgency (`none` where triage gave none).
#[derive(sqlx::FromRow)]
struct UrgencyCount {
    level: String,
    n: i64,
}

/// A doctor or pharmacy on the roster, for the operator.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct RosterLine {
    pub id: i64,
    pub name: String,
    pub phone: String,
    pub detail: String,
    pub extra: String,
}

const URGENCY_RANK: &str =
    "CASE c.urgency WHEN 'emergency' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END";

impl Store {
    /// Adds (or renames) an operator who may sign in to the console.
    pub async fn add_operator(&self, phone: &PhoneNumber, name: &str) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO operators (phone, name, created_at) VALUES ($1, $2, $3)
             ON CONFLICT (phone) DO UPDATE SET name = $2",
        )
        .bind(phone.as_str())
        .bind(name)
        .bind(crate::domain::now_unix())
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// Whether this number is an operator's.
    pub async fn is_operator(&self, phone: &PhoneNumber) -> Result<bool, StoreError> {
        let operators =
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM operators WHERE phone = $1")
                .bind(phone.as_str())
                .fetch_one(&self.pool)
                .await?;
        Ok(operators > 0)
    }

    /// Counts a code about to be sent to a number: false when `max` were sent in the hour.
    /// One upsert, so concurrent requests (on any node) cannot all pass.
    pub async fn count_code_send(
        &self,
        phone: &PhoneNumber,
        now: i64,
        max: i64,
    ) -> Result<bool, StoreError> {
        let sends: i64 = sqlx::query_scalar(
            "INSERT INTO sign_in_limits (phone, window_start, sends) VALUES ($1, $2, 1)
             ON CONFLICT (phone) DO UPDATE SET
                 sends = CASE WHEN sign_in_limits.window_start <= $2 - 3600 THEN 1 ELSE sign_in_limits.sends + 1 END,
                 window_start = CASE WHEN sign_in_limits.window_start <= $2 - 3600 THEN $2 ELSE sign_in_limits.window_start END
             RETURNING sends",
        )
        .bind(phone.as_str())
        .bind(now)
        .fetch_one(&self.writer)
        .await?;
        Ok(sends <= max)
    }

    /// Stores a new code's hash. Earlier codes keep working until they expire, so a stranger
    /// asking for codes cannot void the one a doctor is typing.
    pub async fn add_sign_in_code(
        &self,
        phone: &PhoneNumber,
        code_hash: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.writer.begin().await?;
        let id = Self::next_id(&mut *tx, "sign_in_codes").await?;
        sqlx::query(
            "INSERT INTO sign_in_codes (id, phone, code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(phone.as_str())
        .bind(code_hash)
        .bind(now)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The number's codes that are unused, unexpired and under `max_tries` wrong tries,
    /// newest first.
    pub async fn open_sign_in_codes(
        &self,
        phone: &PhoneNumber,
        now: i64,
        max_tries: i64,
    ) -> Result<Vec<SignInCode>, StoreError> {
        Ok(sqlx::query_as::<_, SignInCode>(
            "SELECT id, code_hash, tries FROM sign_in_codes
             WHERE phone = $1 AND used = 0 AND expires_at > $2 AND tries < $3
             ORDER BY id DESC LIMIT 10",
        )
        .bind(phone.as_str())
        .bind(now)
        .bind(max_tries)
        .fetch_all(&self.writer)
        .await?)
    }

    /// Counts a wrong try against every open code of a number (a guess is a guess at each).
    pub async fn sign_in_codes_wrong(
        &self,
        phone: &PhoneNumber,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE sign_in_codes SET tries = tries + 1 WHERE phone = $1 AND used = 0 AND expires_at > $2")
            .bind(phone.as_str())
            .bind(now)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Blocks (or unblocks) a number from signing in, and ends its sessions.
    pub async fn set_console_blocked(
        &self,
        phone: &PhoneNumber,
        blocked: bool,
        now: i64,
    ) -> Result<(), StoreError> {
        let sql = if blocked {
            "INSERT INTO console_blocked (phone, at) VALUES ($1, $2) ON CONFLICT (phone) DO NOTHING"
        } else {
            "DELETE FROM console_blocked WHERE phone = $1 AND $2 >= 0"
        };
        sqlx::query(sql)
            .bind(phone.as_str())
            .bind(now)
            .execute(&self.writer)
            .await?;
        sqlx::query("DELETE FROM console_sessions WHERE phone = $1")
            .bind(phone.as_str())
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Whether a number is blocked from the console.
    pub async fn console_blocked(&self, phone: &PhoneNumber) -> Result<bool, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM console_blocked WHERE phone = $1")
            .bind(phone.as_str())
            .fetch_one(&self.pool)
            .await?;
        Ok(n > 0)
    }

    /// Removes an operator (and ends their sessions).
    pub async fn remove_operator(&self, phone: &PhoneNumber) -> Result<bool, StoreError> {
        let removed = sqlx::query("DELETE FROM operators WHERE phone = $1")
            .bind(phone.as_str())
            .execute(&self.writer)
            .await?
            .rows_affected();
        sqlx::query("DELETE FROM console_sessions WHERE phone = $1")
            .bind(phone.as_str())
            .execute(&self.writer)
            .await?;
        Ok(removed == 1)
    }

    /// Uses a code once: false if it was used (or tried out) meanwhile.
    pub async fn use_sign_in_code(&self, id: i64, max_tries: i64) -> Result<bool, StoreError> {
        let used = sqlx::query(
            "UPDATE sign_in_codes SET used = 1 WHERE id = $1 AND used = 0 AND tries < $2",
        )
        .bind(id)
        .bind(max_tries)
        .execute(&self.writer)
        .await?
        .rows_affected();
        Ok(used == 1)
    }

    /// Stores a session, forgetting expired sessions, their forms and day-old codes.
    pub async fn add_session(&self, s: &SessionRow, now: i64) -> Result<(), StoreError> {
        self.forget_expired_sessions(now).await?;
        sqlx::query("DELETE FROM sign_in_codes WHERE created_at < $1")
            .bind(now - 86_400)
            .execute(&self.writer)
            .await?;
        sqlx::query(
            "INSERT INTO console_sessions (token_hash, phone, role, subject_id, csrf, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&s.token_hash)
        .bind(&s.phone)
        .bind(&s.role)
        .bind(s.subject_id)
        .bind(&s.csrf)
        .bind(now)
        .bind(s.expires_at)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// The unexpired session of a token's hash.
    pub async fn session(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<SessionRow>, StoreError> {
        Ok(sqlx::query_as::<_, SessionRow>(
            "SELECT token_hash, phone, role, subject_id, csrf, expires_at FROM console_sessions
             WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Ends a session (sign-out), forgetting expired ones too.
    pub async fn end_session(&self, token_hash: &str, now: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM console_sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.writer)
            .await?;
        self.forget_expired_sessions(now).await
    }

    /// Forgets sessions that expired, and the forms claimed under sessions that are gone.
    async fn forget_expired_sessions(&self, now: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM console_sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.writer)
            .await?;
        sqlx::query("DELETE FROM console_posts WHERE token_hash NOT IN (SELECT token_hash FROM console_sessions)")
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Claims a rendered form's one-time value: false if it was submitted already.
    pub async fn claim_post(
        &self,
        token_hash: &str,
        once: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let claimed = sqlx::query(
            "INSERT INTO console_posts (token_hash, once, at) VALUES ($1, $2, $3)
             ON CONFLICT (token_hash, once) DO NOTHING",
        )
        .bind(token_hash)
        .bind(once)
        .bind(now)
        .execute(&self.writer)
        .await?
        .rows_affected();
        Ok(claimed == 1)
    }

    /// Queued consultations a doctor may take: in one of their languages and of a
    /// specialisation of theirs (or general), the most urgent first, then the oldest.
    pub async fn doctor_queue(
        &self,
        languages: &[String],
        specializations: &[String],
        limit: i64,
    ) -> Result<Vec<Waiting>, StoreError> {
        if languages.is_empty() {
            return Ok(vec![]);
        }
        let list = |from: usize, n: usize| {
            (from..from + n)
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let specs = if specializations.is_empty() {
            String::new()
        } else {
            format!(
                " OR c.specialization IN ({})",
                list(2 + languages.len(), specializations.len())
            )
        };
        let sql = format!(
            "SELECT c.id, c.status, c.urgency, c.red_flags, c.language, c.specialization, c.requested_at
             FROM consultations c WHERE c.status = {} AND c.language IN ({})
                 AND (c.specialization = 'general'{specs})
             ORDER BY {URGENCY_RANK}, c.requested_at, c.id LIMIT $1",
            sql_literal(ConsultationStatus::Queued),
            list(2, languages.len())
        );
        let mut query = sqlx::query_as::<_, Waiting>(&sql).bind(limit);
        for value in languages.iter().chain(specializations) {
            query = query.bind(value);
        }
        Ok(query.fetch_all(&self.pool).await?)
    }

    /// A doctor's own consultations still open (accepted or in a call).
    pub async fn doctor_open_consultations(
        &self,
        doctor_id: i64,
    ) -> Result<Vec<Waiting>, StoreError> {
        Ok(sqlx::query_as::<_, Waiting>(&format!(
            "SELECT c.id, c.status, c.urgency, c.red_flags, c.language, c.specialization, c.requested_at
             FROM consultations c WHERE c.doctor_id = $1 AND c.status IN ({})
             ORDER BY {URGENCY_RANK}, c.requested_at, c.id",
            sql_literals(&[ConsultationStatus::Accepted, ConsultationStatus::InProgress])
        ))
        .bind(doctor_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Queued consultations of every language, for the operator.
    pub async fn queued_consultations(&self, limit: i64) -> Result<Vec<Waiting>, StoreError> {
        Ok(sqlx::query_as::<_, Waiting>(&format!(
            "SELECT c.id, c.status, c.urgency, c.red_flags, c.language, c.specialization, c.requested_at
             FROM consultations c WHERE c.status IN ({})
             ORDER BY {URGENCY_RANK}, c.requested_at, c.id LIMIT $1",
            sql_literals(&[ConsultationStatus::Queued, ConsultationStatus::Requested])
        ))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// When a consultation was asked for and ended, its notes and triage conversation.
    pub async fn consultation_times(
        &self,
        id: i64,
    ) -> Result<Option<ConsultationTimes>, StoreError> {
        Ok(sqlx::query_as::<_, ConsultationTimes>(
            "SELECT requested_at, ended_at, conversation_id, notes FROM consultations WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The pincode a patient gave, if any.
    pub async fn patient_pincode(&self, patient_id: i64) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar::<_, Option<String>>("SELECT pincode FROM patients WHERE id = $1")
                .bind(patient_id)
                .fetch_optional(&self.pool)
                .await?
                .flatten(),
        )
    }

    /// A patient's consultations, newest first.
    pub async fn patient_consultations(
        &self,
        patient_id: i64,
        limit: i64,
    ) -> Result<Vec<PastConsultation>, StoreError> {
        Ok(sqlx::query_as::<_, PastConsultation>(
            "SELECT c.id, c.status, c.requested_at, d.name AS doctor_name, c.complaint, c.notes
             FROM consultations c LEFT JOIN doctors d ON d.id = c.doctor_id
             WHERE c.patient_id = $1 ORDER BY c.requested_at DESC, c.id DESC LIMIT $2",
        )
        .bind(patient_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Names of medicines in stock near a pincode (same first three digits: the same postal
    /// district), else anywhere: the prescription form's suggestions.
    pub async fn medicine_names_near(
        &self,
        pincode: Option<&str>,
    ) -> Result<Vec<String>, StoreError> {
        let district = pincode
            .filter(|p| p.len() >= 3)
            .map(|p| format!("{}%", &p[..3]));
        let sql = "SELECT DISTINCT CASE WHEN i.generic_name = '' THEN i.medicine ELSE i.generic_name END AS name
             FROM inventory i JOIN pharmacies p ON p.id = i.pharmacy_id
             WHERE i.quantity > 0 AND p.pincode LIKE $1 ORDER BY name LIMIT 300";
        let mut names: Vec<String> = sqlx::query_scalar(sql)
            .bind(district.as_deref().unwrap_or("%"))
            .fetch_all(&self.pool)
            .await?;
        if names.is_empty() && district.is_some() {
            names = sqlx::query_scalar(sql)
                .bind("%")
                .fetch_all(&self.pool)
                .await?;
        }
        Ok(names)
    }

    /// A pharmacy's open orders, oldest first.
    pub async fn pharmacy_orders(&self, pharmacy_id: i64) -> Result<Vec<super::Order>, StoreError> {
        self.orders_where(
            &format!(
                "o.pharmacy_id = $1 AND o.status IN ({})",
                sql_literals(super::OrderStatus::OPEN)
            ),
            pharmacy_id,
        )
        .await
    }

    /// A pharmacy's stock, by medicine.
    pub async fn pharmacy_stock(&self, pharmacy_id: i64) -> Result<Vec<StockLine>, StoreError> {
        Ok(sqlx::query_as::<_, StockLine>(
            "SELECT id, medicine, generic_name, manufacturer, price_paise, quantity, expiry
             FROM inventory WHERE pharmacy_id = $1 ORDER BY medicine_key, expiry, id",
        )
        .bind(pharmacy_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Changes a stock line of this pharmacy's by what the pharmacist changed (`quantity`
    /// from `was`), so units reserved by an order meanwhile stay reserved; false if the line
    /// is not theirs.
    pub async fn update_stock_line(
        &self,
        pharmacy_id: i64,
        id: i64,
        was: i64,
        quantity: i64,
        price_paise: i64,
        expiry: &str,
    ) -> Result<bool, StoreError> {
        let changed = sqlx::query(
            "UPDATE inventory SET quantity = CASE WHEN quantity + $1 < 0 THEN 0 ELSE quantity + $1 END,
                 price_paise = $2, expiry = $3 WHERE id = $4 AND pharmacy_id = $5",
        )
        .bind(quantity - was)
        .bind(price_paise)
        .bind(expiry)
        .bind(id)
        .bind(pharmacy_id)
        .execute(&self.writer)
        .await?
        .rows_affected();
        Ok(changed == 1)
    }

    /// Releases a claimed form value (its action failed: the same form may be sent again).
    pub async fn release_post(&self, token_hash: &str, once: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM console_posts WHERE token_hash = $1 AND once = $2")
            .bind(token_hash)
            .bind(once)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Whether the patient hid anything from doctors (then earlier consultations' words and
    /// prescriptions are left out of the record page too).
    pub async fn hides_anything(&self, patient_id: i64) -> Result<bool, StoreError> {
        let n: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM profile_items WHERE patient_id = $1 AND hidden = 1)
                  + (SELECT COUNT(*) FROM medical_profiles WHERE patient_id = $1 AND hidden_from_doctors <> '')",
        )
        .bind(patient_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }

    /// The roster's doctors, for the operator.
    pub async fn roster_doctors(&self) -> Result<Vec<RosterLine>, StoreError> {
        Ok(sqlx::query_as::<_, RosterLine>(
            "SELECT id, name, phone, languages || ' / ' || specializations AS detail,
                 CASE WHEN available = 1 THEN 'available' ELSE 'busy' END AS extra
             FROM doctors ORDER BY name, id",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// The roster's pharmacies with their count of stock lines, for the operator.
    pub async fn roster_pharmacies(&self) -> Result<Vec<RosterLine>, StoreError> {
        Ok(sqlx::query_as::<_, RosterLine>(
            "SELECT p.id, p.name, p.phone, p.pincode AS detail,
                 CAST((SELECT COUNT(*) FROM inventory i WHERE i.pharmacy_id = p.id) AS TEXT) AS extra
             FROM pharmacies p ORDER BY p.name, p.id",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Outbox items that are not yet sent or that failed, newest first.
    pub async fn outbox_unsent(&self, limit: i64) -> Result<Vec<OutboxRow>, StoreError> {
        use super::OutboxStatus::{Failed, Pending, Sending};
        Ok(sqlx::query_as::<_, OutboxRow>(&format!(
            "SELECT id, kind, to_phone, idempotency_key, status, attempts, last_error, next_attempt_at
             FROM outbox WHERE status IN ({}) ORDER BY id DESC LIMIT $1",
            sql_literals(&[Pending, Sending, Failed])
        ))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Items waiting to be sent (to one number, if given), oldest first, with their text.
    pub async fn outbox_waiting(
        &self,
        to: Option<&PhoneNumber>,
    ) -> Result<Vec<super::OutboxItem>, StoreError> {
        Ok(sqlx::query_as::<_, super::OutboxItem>(&format!(
            "SELECT id, kind, to_phone, body, attempts, idempotency_key FROM outbox
             WHERE status = {} AND ($1 = '' OR to_phone = $1) ORDER BY id",
            sql_literal(super::OutboxStatus::Pending)
        ))
        .bind(to.map(|t| t.as_str()).unwrap_or(""))
        .fetch_all(&self.pool)
        .await?)
    }

    /// Sends a failed item again now; false if it was not failed.
    pub async fn retry_failed_outbox(&self, id: i64, now: i64) -> Result<bool, StoreError> {
        let moved = sqlx::query(&format!(
            "UPDATE outbox SET status = {}, next_attempt_at = $1, attempts = 0 WHERE id = $2 AND status = {}",
            sql_literal(super::OutboxStatus::Pending),
            sql_literal(super::OutboxStatus::Failed)
        ))
        .bind(now)
        .bind(id)
        .execute(&self.writer)
        .await?
        .rows_affected();
        Ok(moved == 1)
    }

    /// Rows of `table` per India day since `since`, by its time column.
    pub async fn per_day(&self, what: PerDay, since: i64) -> Result<Vec<DayCount>, StoreError> {
        let (table, column, filter) = what.source();
        Ok(sqlx::query_as::<_, DayCount>(&format!(
            "SELECT ({column} + {IST_OFFSET_SECS}) / 86400 AS day, COUNT(*) AS n FROM {table}
             WHERE {column} >= $1 {filter} GROUP BY ({column} + {IST_OFFSET_SECS}) / 86400 ORDER BY day"
        ))
        .bind(since)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Triage conversations since `since`, by urgency.
    pub async fn urgency_counts(&self, since: i64) -> Result<Vec<(String, i64)>, StoreError> {
        let rows = sqlx::query_as::<_, UrgencyCount>(
            "SELECT COALESCE(urgency, 'none') AS level, COUNT(*) AS n FROM conversations WHERE created_at >= $1
             GROUP BY COALESCE(urgency, 'none')",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|u| (u.level, u.n)).collect())
    }

    /// Seconds from asking for a doctor to a doctor taking it, of consultations since `since`.
    pub async fn doctor_waits(&self, since: i64) -> Result<Vec<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT accepted_at - requested_at FROM consultations
             WHERE requested_at >= $1 AND accepted_at IS NOT NULL ORDER BY 1",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await?)
    }
}

/// What the operator's daily charts count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PerDay {
    /// Calls the line answered.
    Calls,
    /// SMS that patients sent.
    SmsIn,
    /// Spoken emergencies: the caller was connected to the emergency number.
    Emergencies,
}

impl PerDay {
    fn source(self) -> (&'static str, &'static str, &'static str) {
        match self {
            PerDay::Calls => ("calls", "started_at", ""),
            PerDay::SmsIn => ("sms_messages", "created_at", "AND direction = 'inbound'"),
            PerDay::Emergencies => (
                "conversations",
                "created_at",
                "AND urgency = 'emergency' AND channel LIKE 'voice%'",
            ),
        }
    }
}
