# Triage replies: fixed, safe texts used for emergencies, when no LLM is configured,
# and whenever an LLM reply fails the guard. Never name a medicine or a diagnosis here.
triage-describe = Please tell us your problem in a few words, now.
triage-not-heard = We did not catch that.
triage-emergency = You said: "{ $evidence }". That is a danger sign. We are connecting you to { $emergency } now.
triage-emergency-sms = EMERGENCY: call { $emergency } now or go to the nearest hospital. "{ $evidence }" is a danger sign.
triage-reply-high = Please see a doctor today. If it gets worse, call { $emergency }.
triage-reply-medium = Please see a doctor in the next few days. If it gets worse, contact us again.
triage-reply-low = You can rest and take care at home. If it gets worse or is not better in three days, see a doctor.
triage-unclear = We could not understand. Please say it again in a few words, or ask for a doctor.
triage-unclear-sms = We could not understand. Please write the problem in a few words, or send DOCTOR.
triage-offer-doctor = To speak to a doctor now, press 1. To go back to the main menu, press 2.
triage-sms-offer-doctor = Send DOCTOR for a doctor's call.
triage-actions-emergency = Call { $emergency } now or go to the nearest hospital. Stay with the patient until help comes.
