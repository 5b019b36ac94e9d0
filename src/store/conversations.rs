//! Triage conversations: recording one with its messages, and reading a number's back.

use sqlx::FromRow;

use super::{Store, StoreError};
use crate::domain::{now_unix, PhoneNumber};

/// A triage conversation to record.
#[derive(Clone, Debug)]
pub struct NewConversation<'a> {
    pub phone: &'a PhoneNumber,
    pub patient_id: Option<i64>,
    /// `voice`, `voice-carrier-speech` (transcribed by the carrier, not by us) or `sms`.
    pub channel: &'a str,
    pub call_sid: Option<&'a str>,
    pub language: &'a str,
    pub symptoms: &'a str,
    pub urgency: &'a str,
    /// Red-flag categories triage found.
    pub red_flags: &'a [String],
    /// (role, content): `patient`, `assistant`, `triage`.
    pub messages: &'a [(&'a str, &'a str)],
}

/// A conversation as a number's list shows it.
#[derive(FromRow)]
struct Listed {
    id: i64,
    channel: String,
    urgency: Option<String>,
    symptoms: String,
}

#[derive(FromRow)]
struct Message {
    role: String,
    content: String,
}

impl Store {
    /// Records a triage conversation with its messages; returns its id.
    pub async fn add_conversation(&self, c: &NewConversation<'_>) -> Result<i64, StoreError> {
        let now = now_unix();
        let mut tx = self.writer.begin().await?;
        let id = Self::next_id(&mut *tx, "conversations").await?;
        sqlx::query(
            "INSERT INTO conversations (id, patient_id, phone, channel, call_sid, language, symptoms, urgency, created_at, updated_at, red_flags)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10)",
        )
        .bind(id)
        .bind(c.patient_id)
        .bind(c.phone.as_str())
        .bind(c.channel)
        .bind(c.call_sid)
        .bind(c.language)
        .bind(c.symptoms)
        .bind(c.urgency)
        .bind(now)
        .bind(c.red_flags.join(";"))
        .execute(&mut *tx)
        .await?;
        for (seq, (role, content)) in c.messages.iter().enumerate() {
            sqlx::query(
                "INSERT INTO conversation_messages (conversation_id, seq, role, content, at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(seq as i64)
            .bind(*role)
            .bind(*content)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// A number's conversations, newest first: (id, channel, urgency, symptoms).
    pub async fn conversations(
        &self,
        phone: &PhoneNumber,
    ) -> Result<Vec<(i64, String, Option<String>, String)>, StoreError> {
        let rows = sqlx::query_as::<_, Listed>(
            "SELECT id, channel, urgency, symptoms FROM conversations WHERE phone = $1 ORDER BY id DESC",
        )
        .bind(phone.as_str())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|c| (c.id, c.channel, c.urgency, c.symptoms))
            .collect())
    }

    /// A conversation's messages in order: (role, content).
    pub async fn conversation_messages(
        &self,
        id: i64,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let rows = sqlx::query_as::<_, Message>("SELECT role, content FROM conversation_messages WHERE conversation_id = $1 ORDER BY seq")
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(|m| (m.role, m.content)).collect())
    }
}
