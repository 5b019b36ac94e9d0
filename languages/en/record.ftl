# English: the patient's own record (readings, profile, privacy), medicine reminders and
# follow-up calls. `sms-` messages are texts (short: UCS-2 gives 70 characters a segment);
# the others are spoken.

## Readings by SMS
sms-reading-saved = Saved for { $who }: { $reading }. Send READINGS to see the last five.
sms-reading-check = Please check the reading and send again, for example: { $example }
sms-reading-high = { $reading } is outside the safe range. Please see a doctor today: reply DOCTOR for a doctor's call. With chest pain, breathlessness, fainting or confusion call { $emergency } now.
sms-reading-emergency = { $reading } is dangerous. Call { $emergency } now or go to the nearest hospital.
sms-reading-low-sugar = If they are awake and can swallow, give something sweet to eat or drink now.
sms-readings-none = No readings yet for { $who }. Send for example: BP 140/90
sms-readings-list = Last readings of { $who }:
reading-bp = BP { $top }/{ $bottom }
reading-sugar = Sugar { $value } mg/dL
reading-sugar-fasting = Sugar { $value } mg/dL fasting
reading-sugar-after-food = Sugar { $value } mg/dL after food
reading-weight = Weight { $value } kg
reading-temp = Temperature { $value } °F
reading-pulse = Pulse { $value }

## Profile by SMS
sms-profile-added = Added to the record of { $who }: { $item }. Send PROFILE to see it.
sms-profile-if-now = If this is happening now, call { $emergency } or send DOCTOR.
sms-profile-usage = Send ALLERGY, CONDITION or MEDS and what it is, for example: ALLERGY penicillin
sms-profile-none = The record of { $who } is empty. Send for example: ALLERGY penicillin
sms-profile-list = Record of { $who }:
sms-profile-hint = HIDE n hides an item from doctors, SHOW n shows it, REMOVE n deletes it.
sms-profile-no-item = There is no item { $n }. Send PROFILE to see the numbers.
sms-profile-removed = Item { $n } is deleted.
sms-profile-hidden = Item { $n } is now hidden from doctors.
sms-profile-shown = Item { $n } is now shown to doctors.
profile-allergy = Allergy: { $text }
profile-condition = Condition: { $text }
profile-medicine = Medicine: { $text }
profile-hidden-mark = (hidden)

## Household by SMS
sms-for-list = This phone speaks for: { $list }. Send FOR and a number.
sms-for-set = Now writing for { $who }.
sms-for-unknown = There is no patient { $n } on this phone. Send FOR to see the list.
who-self = yourself
who-patient = patient { $n }

## Reminders by SMS
sms-prescription-remind = For medicine reminders, reply REMIND and the times: 1 morning, 2 afternoon, 3 evening, 4 night, e.g. REMIND 1 4. Add CALL to be called.
sms-remind-usage = Reply REMIND and the times: 1 morning, 2 afternoon, 3 evening, 4 night, e.g. REMIND 1 4. Add CALL to be called instead of SMS.
sms-remind-none = There is no prescription to remind you of yet.
sms-remind-set = Reminders for prescription { $ref } by { $channel } at { $times } until { $until }. Send STOP to end them.
sms-remind-dose = DoorStepDoctor reminder for { $who }: time for { $medicines }. Reply 1 when taken.
sms-remind-taken = Thank you. Noted as taken.
remind-channel-sms = SMS
remind-channel-call = call
remind-slot-morning = morning
remind-slot-afternoon = afternoon
remind-slot-evening = evening
remind-slot-night = night

## The record by keypad (main menu 5)
record-menu = For your health record: to give a reading, press 1. To add an allergy, illness or medicine, press 2. To hear your record and hide an item from doctors, press 3. To go back, press star.
reading-menu = For blood pressure, press 1. For sugar, press 2. For weight, press 3. For temperature, press 4. For pulse, press 5.
reading-bp-top = Please key in the top number of the blood pressure, then press hash.
reading-bp-bottom = Now key in the bottom number, then press hash.
reading-sugar-ask = Please key in the sugar reading in milligrams, then press hash.
reading-weight-ask = Please key in the weight in kilograms, then press hash.
reading-temp-ask = Please key in the temperature in degrees, then press hash. For a point, press star.
reading-pulse-ask = Please key in the pulse, then press hash.
reading-saved = Thank you. The reading { $reading } is saved.
reading-check = That reading does not look right. Please check it and key it in again.
reading-high = This reading is outside the safe range. Please see a doctor today.
reading-emergency = This reading is dangerous.
reading-symptoms-ask = Is there chest pain, breathlessness, fainting, confusion, or weakness of one side? If yes, press 1. If no, press 2.
reading-low-sugar = If they are awake and can swallow, give something sweet to eat or drink now.
item-menu = For an allergy, press 1. For a long-term illness, press 2. For a medicine you take every day, press 3.
condition-menu = For diabetes, press 1. High blood pressure, 2. Asthma, 3. TB, 4. Heart disease, 5. Pregnancy, 6. For another illness, press 7.
item-say-allergy = Please say what you are allergic to.
item-say-condition = Please say the name of the illness.
item-say-medicine = Please say the name of the medicine and how you take it.
item-saved = Thank you. { $item } is saved in your record.
item-if-now = If this is happening now, press 0 to reach { $emergency }.
pregnancy-month-ask = Which month of pregnancy is it? Key in a number from 1 to 9.
condition-diabetes = diabetes
condition-hypertension = high blood pressure
condition-asthma = asthma
condition-tb = TB
condition-heart = heart disease
condition-pregnancy = pregnancy, month { $month }
record-empty = Your record is empty.
record-item = Item { $n }: { $item }.
record-item-hidden = Item { $n }: { $item }, hidden from doctors.
record-toggle = To hide an item from doctors, or show it again, press its number. To go back, press star.
record-now-hidden = Item { $n } is now hidden from doctors.
record-now-shown = Item { $n } is now shown to doctors.

## Reminders by keypad (after the prescription, main menu 4)
remind-offer = To be reminded to take these medicines, press 1. To go back, press star.
remind-times = When should we remind you? Morning, press 1. Afternoon, 2. Evening, 3. Night, 4. You may press several, then hash.
remind-how = To be reminded by a phone call, press 1. By SMS, press 2.
remind-set = Thank you. We will remind you at { $times } until { $until }.

## Calls we place
remind-call = Hello, this is DoorStepDoctor with a reminder for { $who }. It is time for { $medicines }. If you have taken it, press 1. If not yet, press 2.
remind-call-taken = Thank you. Take care.
remind-call-not-taken = Please take it as your doctor wrote. Take care.
follow-up-call = Hello, this is DoorStepDoctor. We are calling to ask how { $who } is since you spoke to us. If better, press 1. If the same, press 2. If worse, press 3.
follow-up-better = We are glad to hear it. Take care.
follow-up-offer-doctor = To speak to a doctor now, press 1. To go back to the main menu, press 2.
replay-intro = Here is our last message for you.
