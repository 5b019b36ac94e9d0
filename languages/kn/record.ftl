# ಕನ್ನಡ: the patient's own record (readings, profile, privacy), medicine reminders and
# follow-up calls. `sms-` messages are texts (short: UCS-2 gives 70 characters a segment);
# the others are spoken.

## Readings by SMS
sms-reading-saved = { $who } ದಾಖಲೆಗೆ ಸೇರಿಸಿದೆ: { $reading }. ಕೊನೆಯ ಐದು ನೋಡಲು READINGS ಕಳುಹಿಸಿ.
sms-reading-check = ರೀಡಿಂಗ್ ಪರಿಶೀಲಿಸಿ ಮತ್ತೆ ಕಳುಹಿಸಿ, ಉದಾ.: { $example }
sms-reading-high = { $reading } ಸುರಕ್ಷಿತವಲ್ಲ. ಇಂದೇ ವೈದ್ಯರಿಗಾಗಿ DOCTOR ಕಳುಹಿಸಿ. ಎದೆನೋವು, ದಮ್ಮು, ಮೂರ್ಛೆ, ಗೊಂದಲ ಇದ್ದರೆ ಈಗಲೇ { $emergency } ಗೆ ಕರೆ ಮಾಡಿ
sms-reading-emergency = { $reading } ಅಪಾಯಕಾರಿ. ಈಗಲೇ { $emergency } ಗೆ ಕರೆ ಮಾಡಿ ಅಥವಾ ಹತ್ತಿರದ ಆಸ್ಪತ್ರೆಗೆ ಹೋಗಿ.
sms-reading-low-sugar = ಎಚ್ಚರವಿದ್ದು ನುಂಗಲು ಸಾಧ್ಯವಾದರೆ, ಈಗಲೇ ಸಿಹಿ ಕೊಡಿ.
sms-readings-none = { $who } ರೀಡಿಂಗ್ ಇನ್ನೂ ಇಲ್ಲ. ಕಳುಹಿಸಿ, ಉದಾ.: BP 140/90
sms-readings-list = { $who } ಕೊನೆಯ ರೀಡಿಂಗ್‌ಗಳು:
reading-bp = ಬಿಪಿ { $top }/{ $bottom }
reading-sugar = ಶುಗರ್ { $value } mg/dL
reading-sugar-fasting = ಶುಗರ್ { $value } mg/dL ಖಾಲಿ ಹೊಟ್ಟೆಯಲ್ಲಿ
reading-sugar-after-food = ಶುಗರ್ { $value } mg/dL ಊಟದ ನಂತರ
reading-weight = ತೂಕ { $value } kg
reading-temp = ತಾಪಮಾನ { $value } °F
reading-pulse = ನಾಡಿ { $value }

## Profile by SMS
sms-profile-added = { $who } ದಾಖಲೆಗೆ ಸೇರಿಸಿದೆ: { $item }. ನೋಡಲು PROFILE ಕಳುಹಿಸಿ.
sms-profile-if-now = ಇದು ಈಗ ಆಗುತ್ತಿದ್ದರೆ { $emergency } ಗೆ ಕರೆ ಮಾಡಿ ಅಥವಾ DOCTOR ಕಳುಹಿಸಿ.
sms-profile-usage = ALLERGY, CONDITION ಅಥವಾ MEDS ಜೊತೆಗೆ ಅದರ ಹೆಸರು ಕಳುಹಿಸಿ, ಉದಾ.: ALLERGY penicillin
sms-profile-none = { $who } ದಾಖಲೆ ಖಾಲಿ ಇದೆ. ಕಳುಹಿಸಿ, ಉದಾ.: ALLERGY penicillin
sms-profile-list = { $who } ದಾಖಲೆ:
sms-profile-hint = HIDE n ವೈದ್ಯರಿಂದ ಮರೆಮಾಡುತ್ತದೆ, SHOW n ಮತ್ತೆ ತೋರಿಸುತ್ತದೆ, REMOVE n ಅಳಿಸುತ್ತದೆ.
sms-profile-no-item = ಸಂಖ್ಯೆ { $n } ಇಲ್ಲ. ಸಂಖ್ಯೆಗಳನ್ನು ನೋಡಲು PROFILE ಕಳುಹಿಸಿ.
sms-profile-removed = ಸಂಖ್ಯೆ { $n } ಅಳಿಸಲಾಗಿದೆ.
sms-profile-hidden = ಸಂಖ್ಯೆ { $n } ಈಗ ವೈದ್ಯರಿಗೆ ಕಾಣುವುದಿಲ್ಲ.
sms-profile-shown = ಸಂಖ್ಯೆ { $n } ಈಗ ವೈದ್ಯರಿಗೆ ಕಾಣುತ್ತದೆ.
profile-allergy = ಅಲರ್ಜಿ: { $text }
profile-condition = ಕಾಯಿಲೆ: { $text }
profile-medicine = ಔಷಧ: { $text }
profile-hidden-mark = (ಮರೆಮಾಡಲಾಗಿದೆ)

## Household by SMS
sms-for-list = ಈ ಫೋನ್ ಇವರಿಗಾಗಿ: { $list }. FOR ಮತ್ತು ಒಂದು ಸಂಖ್ಯೆ ಕಳುಹಿಸಿ.
sms-for-set = ಇನ್ನು { $who } ದಾಖಲೆಯಲ್ಲಿ ಬರೆಯಲಾಗುತ್ತದೆ.
sms-for-unknown = ಈ ಫೋನ್‌ನಲ್ಲಿ ರೋಗಿ { $n } ಇಲ್ಲ. ಪಟ್ಟಿಗಾಗಿ FOR ಕಳುಹಿಸಿ.
who-self = ನಿಮ್ಮ
who-patient = ರೋಗಿ { $n } ರ

## Reminders by SMS
sms-prescription-remind = ಔಷಧ ನೆನಪಿಗೆ REMIND ಮತ್ತು ಸಮಯ ಕಳುಹಿಸಿ: 1 ಬೆಳಿಗ್ಗೆ, 2 ಮಧ್ಯಾಹ್ನ, 3 ಸಂಜೆ, 4 ರಾತ್ರಿ, ಉದಾ. REMIND 1 4. ಕರೆಗಾಗಿ CALL ಸೇರಿಸಿ.
sms-remind-usage = REMIND ಮತ್ತು ಸಮಯ ಕಳುಹಿಸಿ: 1 ಬೆಳಿಗ್ಗೆ, 2 ಮಧ್ಯಾಹ್ನ, 3 ಸಂಜೆ, 4 ರಾತ್ರಿ, ಉದಾ. REMIND 1 4. SMS ಬದಲು ಕರೆಗಾಗಿ CALL ಸೇರಿಸಿ.
sms-remind-none = ನೆನಪಿಸಲು ಇನ್ನೂ ಯಾವುದೇ ಔಷಧಚೀಟಿ ಇಲ್ಲ.
sms-remind-set = ಔಷಧಚೀಟಿ { $ref }: { $channel } ಮೂಲಕ { $times }, { $until } ವರೆಗೆ ನೆನಪಿಸುತ್ತೇವೆ. ನಿಲ್ಲಿಸಲು STOP ಕಳುಹಿಸಿ.
sms-remind-dose = DoorStepDoctor ನೆನಪು: { $who } { $medicines } ತೆಗೆದುಕೊಳ್ಳುವ ಸಮಯ. ತೆಗೆದುಕೊಂಡ ಮೇಲೆ 1 ಕಳುಹಿಸಿ.
sms-remind-taken = ಧನ್ಯವಾದ. ತೆಗೆದುಕೊಂಡಿದ್ದು ದಾಖಲಾಗಿದೆ.
remind-channel-sms = SMS
remind-channel-call = ಕರೆ
remind-slot-morning = ಬೆಳಿಗ್ಗೆ
remind-slot-afternoon = ಮಧ್ಯಾಹ್ನ
remind-slot-evening = ಸಂಜೆ
remind-slot-night = ರಾತ್ರಿ

## The record by keypad (main menu 5)
record-menu = ನಿಮ್ಮ ಆರೋಗ್ಯ ದಾಖಲೆ. ರೀಡಿಂಗ್ ನೀಡಲು 1 ಒತ್ತಿ. ಅಲರ್ಜಿ, ಕಾಯಿಲೆ ಅಥವಾ ಔಷಧ ಸೇರಿಸಲು 2 ಒತ್ತಿ. ನಿಮ್ಮ ದಾಖಲೆ ಕೇಳಲು ಮತ್ತು ವೈದ್ಯರಿಂದ ಏನನ್ನಾದರೂ ಮರೆಮಾಡಲು 3 ಒತ್ತಿ. ಹಿಂದೆ ಹೋಗಲು ಸ್ಟಾರ್ ಒತ್ತಿ.
reading-menu = ಬಿಪಿಗಾಗಿ 1 ಒತ್ತಿ. ಶುಗರ್‌ಗಾಗಿ 2 ಒತ್ತಿ. ತೂಕಕ್ಕಾಗಿ 3 ಒತ್ತಿ. ತಾಪಮಾನಕ್ಕಾಗಿ 4 ಒತ್ತಿ. ನಾಡಿಗಾಗಿ 5 ಒತ್ತಿ.
reading-bp-top = ದಯವಿಟ್ಟು ಬಿಪಿಯ ಮೇಲಿನ ಸಂಖ್ಯೆ ಒತ್ತಿ, ನಂತರ ಹ್ಯಾಶ್ ಒತ್ತಿ.
reading-bp-bottom = ಈಗ ಕೆಳಗಿನ ಸಂಖ್ಯೆ ಒತ್ತಿ, ನಂತರ ಹ್ಯಾಶ್ ಒತ್ತಿ.
reading-sugar-ask = ದಯವಿಟ್ಟು ಶುಗರ್ ರೀಡಿಂಗ್ ಅನ್ನು ಮಿಲಿಗ್ರಾಂನಲ್ಲಿ ಒತ್ತಿ, ನಂತರ ಹ್ಯಾಶ್ ಒತ್ತಿ.
reading-weight-ask = ದಯವಿಟ್ಟು ತೂಕವನ್ನು ಕಿಲೋಗಳಲ್ಲಿ ಒತ್ತಿ, ನಂತರ ಹ್ಯಾಶ್ ಒತ್ತಿ.
reading-temp-ask = ದಯವಿಟ್ಟು ತಾಪಮಾನವನ್ನು ಡಿಗ್ರಿಯಲ್ಲಿ ಒತ್ತಿ, ನಂತರ ಹ್ಯಾಶ್ ಒತ್ತಿ. ಪಾಯಿಂಟ್‌ಗಾಗಿ ಸ್ಟಾರ್ ಒತ್ತಿ.
reading-pulse-ask = ದಯವಿಟ್ಟು ನಾಡಿ ಬಡಿತವನ್ನು ಒತ್ತಿ, ನಂತರ ಹ್ಯಾಶ್ ಒತ್ತಿ.
reading-saved = ಧನ್ಯವಾದ. ರೀಡಿಂಗ್ { $reading } ದಾಖಲಾಗಿದೆ.
reading-check = ಈ ರೀಡಿಂಗ್ ಸರಿ ಕಾಣುತ್ತಿಲ್ಲ. ದಯವಿಟ್ಟು ಪರಿಶೀಲಿಸಿ ಮತ್ತೆ ಒತ್ತಿ.
reading-high = ಈ ರೀಡಿಂಗ್ ಸುರಕ್ಷಿತ ಮಿತಿಯ ಹೊರಗಿದೆ. ದಯವಿಟ್ಟು ಇಂದೇ ವೈದ್ಯರನ್ನು ನೋಡಿ.
reading-emergency = ಈ ರೀಡಿಂಗ್ ಅಪಾಯಕಾರಿ.
reading-symptoms-ask = ಎದೆನೋವು, ಉಸಿರಾಟದ ತೊಂದರೆ, ಮೂರ್ಛೆ, ಗೊಂದಲ, ಅಥವಾ ದೇಹದ ಒಂದು ಬದಿ ದುರ್ಬಲವಾಗಿದೆಯೇ? ಹೌದು ಎಂದಾದರೆ 1 ಒತ್ತಿ. ಇಲ್ಲ ಎಂದಾದರೆ 2 ಒತ್ತಿ.
reading-low-sugar = ರೋಗಿ ಎಚ್ಚರವಾಗಿದ್ದು ನುಂಗಲು ಸಾಧ್ಯವಾದರೆ, ಈಗಲೇ ಸಿಹಿಯಾದ ಏನಾದರೂ ತಿನ್ನಲು ಅಥವಾ ಕುಡಿಯಲು ಕೊಡಿ.
item-menu = ಅಲರ್ಜಿಗಾಗಿ 1 ಒತ್ತಿ. ತುಂಬಾ ದಿನಗಳಿಂದ ಇರುವ ಕಾಯಿಲೆಗಾಗಿ 2 ಒತ್ತಿ. ಪ್ರತಿದಿನ ತೆಗೆದುಕೊಳ್ಳುವ ಔಷಧಕ್ಕಾಗಿ 3 ಒತ್ತಿ.
condition-menu = ಸಕ್ಕರೆ ಕಾಯಿಲೆಗಾಗಿ 1 ಒತ್ತಿ. ಹೈ ಬಿಪಿ, 2. ಅಸ್ತಮಾ, 3. ಟಿಬಿ, 4. ಹೃದಯ ಕಾಯಿಲೆ, 5. ಗರ್ಭಧಾರಣೆ, 6. ಬೇರೆ ಕಾಯಿಲೆಗಾಗಿ 7 ಒತ್ತಿ.
item-say-allergy = ನಿಮಗೆ ಯಾವುದರಿಂದ ಅಲರ್ಜಿ ಎಂದು ಹೇಳಿ.
item-say-condition = ಕಾಯಿಲೆಯ ಹೆಸರು ಹೇಳಿ.
item-say-medicine = ಔಷಧದ ಹೆಸರು ಮತ್ತು ಅದನ್ನು ಹೇಗೆ ತೆಗೆದುಕೊಳ್ಳುತ್ತೀರಿ ಎಂದು ಹೇಳಿ.
item-saved = ಧನ್ಯವಾದ. { $item } ನಿಮ್ಮ ದಾಖಲೆಯಲ್ಲಿ ಸೇರಿಸಲಾಗಿದೆ.
item-if-now = ಇದು ಈಗ ಆಗುತ್ತಿದ್ದರೆ, { $emergency } ಸಂಪರ್ಕಿಸಲು 0 ಒತ್ತಿ.
pregnancy-month-ask = ಗರ್ಭಧಾರಣೆಯ ಎಷ್ಟನೇ ತಿಂಗಳು? 1 ರಿಂದ 9 ರವರೆಗೆ ಒಂದು ಸಂಖ್ಯೆ ಒತ್ತಿ.
condition-diabetes = ಸಕ್ಕರೆ ಕಾಯಿಲೆ
condition-hypertension = ಹೈ ಬಿಪಿ
condition-asthma = ಅಸ್ತಮಾ
condition-tb = ಟಿಬಿ
condition-heart = ಹೃದಯ ಕಾಯಿಲೆ
condition-pregnancy = ಗರ್ಭಧಾರಣೆ, ತಿಂಗಳು { $month }
record-empty = ನಿಮ್ಮ ದಾಖಲೆ ಖಾಲಿ ಇದೆ.
record-item = ಸಂಖ್ಯೆ { $n }: { $item }.
record-item-hidden = ಸಂಖ್ಯೆ { $n }: { $item }, ವೈದ್ಯರಿಂದ ಮರೆಮಾಡಲಾಗಿದೆ.
record-toggle = ಯಾವುದನ್ನಾದರೂ ವೈದ್ಯರಿಂದ ಮರೆಮಾಡಲು ಅಥವಾ ಮತ್ತೆ ತೋರಿಸಲು ಅದರ ಸಂಖ್ಯೆ ಒತ್ತಿ. ಹಿಂದೆ ಹೋಗಲು ಸ್ಟಾರ್ ಒತ್ತಿ.
record-now-hidden = ಸಂಖ್ಯೆ { $n } ಈಗ ವೈದ್ಯರಿಂದ ಮರೆಮಾಡಲಾಗಿದೆ.
record-now-shown = ಸಂಖ್ಯೆ { $n } ಈಗ ವೈದ್ಯರಿಗೆ ಕಾಣುತ್ತದೆ.

## Reminders by keypad (after the prescription, main menu 4)
remind-offer = ಈ ಔಷಧಗಳನ್ನು ತೆಗೆದುಕೊಳ್ಳಲು ನೆನಪಿಸಲು 1 ಒತ್ತಿ. ಹಿಂದೆ ಹೋಗಲು ಸ್ಟಾರ್ ಒತ್ತಿ.
remind-times = ಯಾವಾಗ ನೆನಪಿಸಬೇಕು? ಬೆಳಿಗ್ಗೆಗಾಗಿ 1 ಒತ್ತಿ. ಮಧ್ಯಾಹ್ನ, 2. ಸಂಜೆ, 3. ರಾತ್ರಿ, 4. ಒಂದಕ್ಕಿಂತ ಹೆಚ್ಚು ಒತ್ತಬಹುದು, ನಂತರ ಹ್ಯಾಶ್ ಒತ್ತಿ.
remind-how = ಫೋನ್ ಕರೆಯ ಮೂಲಕ ನೆನಪಿಸಲು 1 ಒತ್ತಿ. SMS ಮೂಲಕ ನೆನಪಿಸಲು 2 ಒತ್ತಿ.
remind-set = ಧನ್ಯವಾದ. { $until } ವರೆಗೆ { $times } ನೆನಪಿಸುತ್ತೇವೆ.

## Calls we place
remind-call = ನಮಸ್ಕಾರ, ಡೋರ್‌ಸ್ಟೆಪ್ ಡಾಕ್ಟರ್‌ನಿಂದ { $who } ಔಷಧದ ನೆನಪು. ಈಗ { $medicines } ತೆಗೆದುಕೊಳ್ಳುವ ಸಮಯ. ತೆಗೆದುಕೊಂಡಿದ್ದರೆ 1 ಒತ್ತಿ. ಇನ್ನೂ ಇಲ್ಲದಿದ್ದರೆ 2 ಒತ್ತಿ.
remind-call-taken = ಧನ್ಯವಾದ. ಆರೋಗ್ಯವಾಗಿರಿ.
remind-call-not-taken = ದಯವಿಟ್ಟು ವೈದ್ಯರು ಬರೆದಂತೆ ತೆಗೆದುಕೊಳ್ಳಿ. ಆರೋಗ್ಯವಾಗಿರಿ.
follow-up-call = ನಮಸ್ಕಾರ, ಡೋರ್‌ಸ್ಟೆಪ್ ಡಾಕ್ಟರ್‌ನಿಂದ ಕರೆ ಮಾಡುತ್ತಿದ್ದೇವೆ. ನೀವು ನಮ್ಮೊಂದಿಗೆ ಮಾತನಾಡಿದ ನಂತರ { $who } ಆರೋಗ್ಯ ಈಗ ಹೇಗಿದೆ ಎಂದು ಕೇಳಲು ಕರೆ ಮಾಡಿದ್ದೇವೆ. ಉತ್ತಮವಾಗಿದ್ದರೆ 1 ಒತ್ತಿ. ಹಾಗೆಯೇ ಇದ್ದರೆ 2 ಒತ್ತಿ. ಇನ್ನಷ್ಟು ಹದಗೆಟ್ಟಿದ್ದರೆ 3 ಒತ್ತಿ.
follow-up-better = ಕೇಳಿ ಸಂತೋಷವಾಯಿತು. ಆರೋಗ್ಯವಾಗಿರಿ.
follow-up-offer-doctor = ಈಗಲೇ ವೈದ್ಯರೊಂದಿಗೆ ಮಾತನಾಡಲು 1 ಒತ್ತಿ. ಮುಖ್ಯ ಮೆನುಗೆ ಹಿಂತಿರುಗಲು 2 ಒತ್ತಿ.
replay-intro = ನಿಮಗಾಗಿ ನಮ್ಮ ಕೊನೆಯ ಸಂದೇಶ ಇಲ್ಲಿದೆ.
