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

# The danger-sign interview: yes/no questions by keypad after a triage that was not an
# emergency. Each question is phrased so that "yes" is the danger sign.
danger-intro = A few quick questions, to be safe.
danger-keys = Press 1 for yes, 2 for no.
danger-invalid = Please press 1 for yes, or 2 for no.
danger-q-universal = Is anyone unconscious, fitting, struggling to breathe, or bleeding heavily?
danger-q-child_drink = Is the child unable to drink or breastfeed?
danger-q-child_vomit = Does the child vomit everything, even water?
danger-q-child_fits = Has the child had fits in this illness?
danger-q-child_sleepy = Is the child very sleepy or hard to wake?
danger-q-child_breathing = Is the child breathing fast, or does the chest pull in with each breath?
danger-q-preg_bleeding = Is there any bleeding from below?
danger-q-preg_movement = Has the baby in the womb stopped moving, or moved much less?
danger-q-preg_headache = Is there a severe headache or blurred vision?
danger-q-stroke_signs = Is one side of the face or body weak, or is the speech unclear?
danger-q-headache_sudden = Did the headache start suddenly, and is it the worst ever?
danger-q-chest_pain = Is there pain, pressure or heaviness in the chest?
danger-q-injury_bleeding = Is there bleeding that will not stop?
danger-q-injury_head = Was the head hurt, with vomiting since?
danger-q-elderly_stand = Is the person unable to stand or walk?
danger-q-burn_site = Is the burn on the face, or larger than the patient's hand?
danger-q-fever_neck = Is the neck stiff, so the chin cannot touch the chest?
danger-q-fever_bleeding = Is there bleeding from the gums or nose?
danger-q-bite_face = Is the bite on the face, head or neck?
danger-q-abdomen_severe = Is the belly pain very severe?
danger-q-sugar_symptoms = Is the person confused, very drowsy, or sweating and shaking?
danger-q-breathing = Is there difficulty breathing?
# By SMS only the universal question is asked, when the urgency is medium or high.
danger-sms-question = To be safe: reply 1 if anyone is unconscious, fitting, struggling to breathe or bleeding heavily, or 2 if not.
danger-sms-no = Thank you. If anything changes, call { $emergency }.
