//! Which of our numbers a person last reached us on: the line we answer them from.

use super::{Store, StoreError};

impl Store {
    /// Our number that `phone` last called or texted, if they ever did.
    pub async fn last_line(&self, phone: &str) -> Result<Option<String>, StoreError> {
        let line = sqlx::query_scalar::<_, String>(
            "SELECT line FROM (
                 SELECT to_phone AS line, started_at AS at FROM calls WHERE from_phone = $1
                 UNION ALL
                 SELECT to_phone AS line, created_at AS at FROM sms_messages
                     WHERE from_phone = $1 AND direction = 'inbound'
             ) AS contacts ORDER BY at DESC LIMIT 1",
        )
        .bind(phone)
        .fetch_optional(self.pool())
        .await?;
        Ok(line)
    }
}
