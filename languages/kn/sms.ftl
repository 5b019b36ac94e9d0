# ಕನ್ನಡ: SMS replies (keep short: UCS-2 gives 70 characters a segment).
sms-help = DoorStepDoctor: ವೈದ್ಯ: DOCTOR, ಔಷಧ: MED ಔಷಧ ಪಿನ್‌ಕೋಡ್, ಸ್ಥಿತಿ: STATUS, ಭಾಷೆ: LANG, ನಿಲ್ಲಿಸು: STOP. ತುರ್ತು: { $emergency }
sms-lang-list = LANG ಮತ್ತು ಒಂದು ಸಂಖ್ಯೆ ಕಳುಹಿಸಿ:
sms-lang-set = ಇನ್ನು ಮುಂದೆ ನಾವು ಕನ್ನಡದಲ್ಲಿ ಉತ್ತರಿಸುತ್ತೇವೆ.
sms-doctor-booked = ವೈದ್ಯರ ಕರೆ ವಿನಂತಿ ದಾಖಲಾಗಿದೆ, ಸಂಖ್ಯೆ { $ref }. ನಾವು ಮರಳಿ ಕರೆ ಮಾಡುತ್ತೇವೆ. ತುರ್ತು: { $emergency }
sms-med-usage = ಔಷಧ ಹುಡುಕಲು ಕಳುಹಿಸಿ: MED ಔಷಧದ-ಹೆಸರು ಪಿನ್‌ಕೋಡ್
sms-med-none = { $pincode } ನಲ್ಲಿ ಯಾವ ಅಂಗಡಿಯಲ್ಲೂ { $medicine } ಇಲ್ಲ.
sms-med-found = { $pincode } ನಲ್ಲಿ { $medicine }:
sms-status-none = ನಿಮ್ಮ ಯಾವುದೇ ತೆರೆದ ವಿನಂತಿ ಇಲ್ಲ.
sms-status-callbacks = ತೆರೆದ ವಿನಂತಿಗಳು: { $refs }
sms-stopped = ಇನ್ನು ಮುಂದೆ ನಿಮಗೆ SMS ಬರುವುದಿಲ್ಲ. ಮತ್ತೆ ಆರಂಭಿಸಲು START ಕಳುಹಿಸಿ.
sms-started = SMS ಮತ್ತೆ ಆರಂಭ. ಮೆನುಗಾಗಿ HELP ಕಳುಹಿಸಿ.
sms-error = ಕ್ಷಮಿಸಿ, ತಾಂತ್ರಿಕ ಸಮಸ್ಯೆ. ನಂತರ ಮತ್ತೆ ಪ್ರಯತ್ನಿಸಿ. ತುರ್ತು: { $emergency }
