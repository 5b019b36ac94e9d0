# తెలుగు: SMS replies (keep short: UCS-2 gives 70 characters a segment).
sms-help = DoorStepDoctor: డాక్టర్: DOCTOR, మందు: MED మందు పిన్‌కోడ్, స్థితి: STATUS, భాష: LANG, ఆపు: STOP. అత్యవసరం: { $emergency }
sms-lang-list = LANG మరియు ఒక సంఖ్య పంపండి:
sms-lang-set = ఇకపై మేము తెలుగులో జవాబిస్తాం.
sms-doctor-booked = డాక్టర్ కాల్ అభ్యర్థన నమోదైంది, సంఖ్య { $ref }. మేము తిరిగి కాల్ చేస్తాం. అత్యవసరం: { $emergency }
sms-med-usage = మందు కనుగొనడానికి పంపండి: MED మందు-పేరు పిన్‌కోడ్
sms-med-none = { $pincode } లో ఏ షాపులోనూ { $medicine } లేదు.
sms-med-found = { $pincode } లో { $medicine }:
sms-status-none = మీకు తెరిచి ఉన్న అభ్యర్థనలు లేవు.
sms-status-callbacks = తెరిచి ఉన్న అభ్యర్థనలు: { $refs }
sms-stopped = ఇకపై మీకు SMS రావు. మళ్ళీ ప్రారంభించడానికి START పంపండి.
sms-started = SMS మళ్ళీ ప్రారంభం. మెనూ కోసం HELP పంపండి.
sms-error = క్షమించండి, సాంకేతిక సమస్య. తర్వాత మళ్ళీ ప్రయత్నించండి. అత్యవసరం: { $emergency }
