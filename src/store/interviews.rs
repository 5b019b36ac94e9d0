//! Danger-sign interviews: which questions a conversation asks and what was answered, so
//! that any node can take the next key press or SMS reply.

use super::{Store, StoreError};
use crate::domain::{now_unix, PhoneNumber};

/// An answer to a yes/no question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
    /// Silence, or the caller hung up: never taken as "no".
    Unanswered,
}

impl Answer {
    /// As written into the conversation: "yes", "no", "no answer".
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Unanswered => "no answer",
        }
    }

    fn letter(self) -> char {
        match self {
            Answer::Yes => 'y',
            Answer::No => 'n',
            Answer::Unanswered => 'u',
        }
    }

    fn parse(c: char) -> Option<Self> {
        match c {
            'y' => Some(Answer::Yes),
            'n' => Some(Answer::No),
            'u' => Some(Answer::Unanswered),
            _ => None,
        }
    }
}

/// An interview as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct Interview {
    pub conversation_id: i64,
    /// Question ids in order.
    pub questions: Vec<String>,
    /// Answers so far, one per question from the first.
    pub answers: Vec<Answer>,
    pub open: bool,
}

impl Interview {
    /// The question waiting for an answer, if any.
    pub fn current(&self) -> Option<&str> {
        self.open
            .then(|| self.questions.get(self.answers.len()).map(String::as_str))
            .flatten()
    }

    /// The ids of the questions answered yes.
    pub fn yes(&self) -> Vec<&str> {
        self.questions
            .iter()
            .zip(&self.answers)
            .filter(|(_, a)| **a == Answer::Yes)
            .map(|(q, _)| q.as_str())
            .collect()
    }

    /// Whether any question went unanswered.
    pub fn any_unanswered(&self) -> bool {
        self.answers.contains(&Answer::Unanswered)
    }
}

#[derive(sqlx::FromRow)]
struct InterviewRow {
    conversation_id: i64,
    questions: String,
    answers: String,
    is_open: i64,
}

impl From<InterviewRow> for Interview {
    fn from(r: InterviewRow) -> Self {
        Self {
            conversation_id: r.conversation_id,
            questions: r
                .questions
                .split(';')
                .filter(|q| !q.is_empty())
                .map(str::to_owned)
                .collect(),
            answers: r.answers.chars().filter_map(Answer::parse).collect(),
            open: r.is_open != 0,
        }
    }
}

#[derive(sqlx::FromRow)]
struct Symptoms {
    symptoms: String,
    patient_id: Option<i64>,
}

const COLUMNS: &str = "conversation_id, questions, answers, is_open";

impl Store {
    /// Starts an interview for a conversation (a repeat of the same start changes nothing).
    pub async fn start_interview(
        &self,
        conversation_id: i64,
        call_sid: Option<&str>,
        phone: &PhoneNumber,
        questions: &[String],
    ) -> Result<(), StoreError> {
        let now = now_unix();
        sqlx::query(
            "INSERT INTO interviews (conversation_id, call_sid, phone, questions, answers, is_open, created_at, updated_at)
             VALUES ($1, $2, $3, $4, '', 1, $5, $5) ON CONFLICT (conversation_id) DO NOTHING",
        )
        .bind(conversation_id)
        .bind(call_sid)
        .bind(phone.as_str())
        .bind(questions.join(";"))
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// The interview a call is running, if any.
    pub async fn call_interview(&self, call_sid: &str) -> Result<Option<Interview>, StoreError> {
        let row: Option<InterviewRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM interviews WHERE call_sid = $1 ORDER BY conversation_id DESC LIMIT 1"
        ))
        .bind(call_sid)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(Interview::from))
    }

    /// The SMS interview of a number still waiting for an answer, asked since `since`.
    pub async fn open_sms_interview(
        &self,
        phone: &PhoneNumber,
        since: i64,
    ) -> Result<Option<Interview>, StoreError> {
        let row: Option<InterviewRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM interviews
             WHERE phone = $1 AND is_open = 1 AND call_sid IS NULL AND updated_at >= $2
             ORDER BY conversation_id DESC LIMIT 1"
        ))
        .bind(phone.as_str())
        .bind(since)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(Interview::from))
    }

    /// Records the answer to the current question, once: `false` when the interview had
    /// already moved past `asked` answers (a retried request). Closes it after the last.
    pub async fn answer_interview(
        &self,
        interview: &Interview,
        answer: Answer,
        close: bool,
    ) -> Result<bool, StoreError> {
        let before: String = interview.answers.iter().map(|a| a.letter()).collect();
        let mut after = before.clone();
        after.push(answer.letter());
        let done = close || after.chars().count() >= interview.questions.len();
        let changed = sqlx::query(
            "UPDATE interviews SET answers = $1, is_open = $2, updated_at = $3
             WHERE conversation_id = $4 AND answers = $5 AND is_open = 1",
        )
        .bind(&after)
        .bind(if done { 0i64 } else { 1 })
        .bind(now_unix())
        .bind(interview.conversation_id)
        .bind(&before)
        .execute(&self.writer)
        .await?
        .rows_affected();
        Ok(changed == 1)
    }

    /// Adds one message to a conversation (an interview's question and answer, the reply).
    pub async fn add_conversation_message(
        &self,
        conversation_id: i64,
        role: &str,
        content: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO conversation_messages (conversation_id, seq, role, content, at)
             SELECT $1, COALESCE(MAX(seq), -1) + 1, $2, $3, $4 FROM conversation_messages WHERE conversation_id = $1",
        )
        .bind(conversation_id)
        .bind(role)
        .bind(content)
        .bind(now_unix())
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// Sets a conversation's urgency and red flags after its interview.
    pub async fn set_conversation_triage(
        &self,
        conversation_id: i64,
        urgency: &str,
        red_flags: &[String],
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE conversations SET urgency = $1, red_flags = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(urgency)
        .bind(red_flags.join(";"))
        .bind(now_unix())
        .bind(conversation_id)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// What a conversation's patient said: (symptoms, patient id).
    pub async fn conversation_symptoms(
        &self,
        conversation_id: i64,
    ) -> Result<Option<(String, Option<i64>)>, StoreError> {
        let row: Option<Symptoms> =
            sqlx::query_as("SELECT symptoms, patient_id FROM conversations WHERE id = $1")
                .bind(conversation_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|s| (s.symptoms, s.patient_id)))
    }
}
