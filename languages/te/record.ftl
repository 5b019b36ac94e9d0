# తెలుగు: the patient's own record (readings, profile, privacy), medicine reminders and
# follow-up calls. `sms-` messages are texts (short: UCS-2 gives 70 characters a segment);
# the others are spoken.

## Readings by SMS
sms-reading-saved = { $who } రికార్డులో చేర్చాం: { $reading }. చివరి ఐదు చూడటానికి READINGS పంపండి.
sms-reading-check = రీడింగ్ సరిచూసి మళ్లీ పంపండి, ఉదా.: { $example }
sms-reading-high = { $reading } సురక్షితం కాదు. ఈరోజే డాక్టర్ కోసం DOCTOR పంపండి. ఛాతీ నొప్పి, ఆయాసం, స్పృహ తప్పడం, అయోమయం ఉంటే వెంటనే { $emergency } కు కాల్ చేయండి
sms-reading-emergency = { $reading } ప్రమాదకరం. వెంటనే { $emergency } కు కాల్ చేయండి లేదా దగ్గరి ఆసుపత్రికి వెళ్లండి.
sms-reading-low-sugar = మెలకువగా ఉండి మింగగలిగితే, వెంటనే తీపి ఇవ్వండి.
sms-readings-none = { $who } రీడింగులు ఇంకా లేవు. పంపండి, ఉదా.: BP 140/90
sms-readings-list = { $who } చివరి రీడింగులు:
reading-bp = బీపీ { $top }/{ $bottom }
reading-sugar = షుగర్ { $value } mg/dL
reading-sugar-fasting = షుగర్ { $value } mg/dL పరగడుపున
reading-sugar-after-food = షుగర్ { $value } mg/dL తిన్న తర్వాత
reading-weight = బరువు { $value } kg
reading-temp = ఉష్ణోగ్రత { $value } °F
reading-pulse = నాడి { $value }

## Profile by SMS
sms-profile-added = { $who } రికార్డులో చేర్చాం: { $item }. చూడటానికి PROFILE పంపండి.
sms-profile-if-now = ఇది ఇప్పుడే జరుగుతుంటే { $emergency } కు కాల్ చేయండి లేదా DOCTOR పంపండి.
sms-profile-usage = ALLERGY, CONDITION లేదా MEDS తో పాటు దాని పేరు పంపండి, ఉదా.: ALLERGY penicillin
sms-profile-none = { $who } రికార్డు ఖాళీగా ఉంది. పంపండి, ఉదా.: ALLERGY penicillin
sms-profile-list = { $who } రికార్డు:
sms-profile-hint = HIDE n డాక్టర్లకు దాస్తుంది, SHOW n మళ్లీ చూపిస్తుంది, REMOVE n తొలగిస్తుంది.
sms-profile-no-item = సంఖ్య { $n } లేదు. సంఖ్యలు చూడటానికి PROFILE పంపండి.
sms-profile-removed = సంఖ్య { $n } తొలగించాం.
sms-profile-hidden = సంఖ్య { $n } ఇప్పుడు డాక్టర్లకు కనిపించదు.
sms-profile-shown = సంఖ్య { $n } ఇప్పుడు డాక్టర్లకు కనిపిస్తుంది.
profile-allergy = అలర్జీ: { $text }
profile-condition = వ్యాధి: { $text }
profile-medicine = మందు: { $text }
profile-hidden-mark = (దాచినది)

## Household by SMS
sms-for-list = ఈ ఫోన్ వీరి కోసం: { $list }. FOR మరియు ఒక సంఖ్య పంపండి.
sms-for-set = ఇకపై { $who } రికార్డులో నమోదవుతుంది.
sms-for-unknown = ఈ ఫోన్‌లో రోగి { $n } లేరు. జాబితా కోసం FOR పంపండి.
who-self = మీ
who-patient = రోగి { $n }

## Reminders by SMS
sms-prescription-remind = మందుల గుర్తు కోసం REMIND, సమయాలు పంపండి: 1 ఉదయం, 2 మధ్యాహ్నం, 3 సాయంత్రం, 4 రాత్రి, ఉదా. REMIND 1 4. కాల్ కోసం CALL చేర్చండి.
sms-remind-usage = REMIND, సమయాలు పంపండి: 1 ఉదయం, 2 మధ్యాహ్నం, 3 సాయంత్రం, 4 రాత్రి, ఉదా. REMIND 1 4. SMS బదులు కాల్ కోసం CALL చేర్చండి.
sms-remind-none = గుర్తు చేయడానికి ఇంకా ప్రిస్క్రిప్షన్ ఏదీ లేదు.
sms-remind-set = ప్రిస్క్రిప్షన్ { $ref }: { $channel } ద్వారా { $times }, { $until } వరకు గుర్తు చేస్తాం. ఆపడానికి STOP పంపండి.
sms-remind-dose = DoorStepDoctor గుర్తు: { $who } { $medicines } వేసుకునే సమయం. వేసుకున్నాక 1 పంపండి.
sms-remind-taken = ధన్యవాదాలు. వేసుకున్నట్లు నమోదు చేశాం.
remind-channel-sms = SMS
remind-channel-call = కాల్
remind-slot-morning = ఉదయం
remind-slot-afternoon = మధ్యాహ్నం
remind-slot-evening = సాయంత్రం
remind-slot-night = రాత్రి

## The record by keypad (main menu 5)
record-menu = మీ ఆరోగ్య రికార్డు. రీడింగ్ ఇవ్వడానికి 1 నొక్కండి. అలర్జీ, వ్యాధి లేదా మందు చేర్చడానికి 2 నొక్కండి. మీ రికార్డు వినడానికి, డాక్టర్ల నుండి ఏదైనా దాచడానికి 3 నొక్కండి. వెనక్కి వెళ్లడానికి స్టార్ నొక్కండి.
reading-menu = బీపీ కోసం 1 నొక్కండి. షుగర్ కోసం 2 నొక్కండి. బరువు కోసం 3 నొక్కండి. ఉష్ణోగ్రత కోసం 4 నొక్కండి. నాడి కోసం 5 నొక్కండి.
reading-bp-top = దయచేసి బీపీలో పై సంఖ్యను నొక్కి, తర్వాత హాష్ నొక్కండి.
reading-bp-bottom = ఇప్పుడు కింది సంఖ్యను నొక్కి, తర్వాత హాష్ నొక్కండి.
reading-sugar-ask = దయచేసి షుగర్ రీడింగ్‌ను మిల్లీగ్రాములలో నొక్కి, తర్వాత హాష్ నొక్కండి.
reading-weight-ask = దయచేసి బరువును కిలోలలో నొక్కి, తర్వాత హాష్ నొక్కండి.
reading-temp-ask = దయచేసి ఉష్ణోగ్రతను డిగ్రీలలో నొక్కి, తర్వాత హాష్ నొక్కండి. పాయింట్ కోసం స్టార్ నొక్కండి.
reading-pulse-ask = దయచేసి నాడి సంఖ్యను నొక్కి, తర్వాత హాష్ నొక్కండి.
reading-saved = ధన్యవాదాలు. రీడింగ్ { $reading } నమోదైంది.
reading-check = ఈ రీడింగ్ సరిగ్గా అనిపించడం లేదు. దయచేసి సరిచూసి మళ్లీ నొక్కండి.
reading-high = ఈ రీడింగ్ సురక్షిత పరిధిలో లేదు. దయచేసి ఈరోజే డాక్టర్‌ను కలవండి.
reading-emergency = ఈ రీడింగ్ ప్రమాదకరం.
reading-symptoms-ask = ఛాతీ నొప్పి, ఆయాసం, స్పృహ తప్పడం, అయోమయం, లేదా శరీరంలో ఒక వైపు బలహీనత ఉందా? ఉంటే 1 నొక్కండి. లేకపోతే 2 నొక్కండి.
reading-low-sugar = రోగి మెలకువగా ఉండి మింగగలిగితే, వెంటనే తీపి ఏదైనా తినడానికి లేదా తాగడానికి ఇవ్వండి.
item-menu = అలర్జీ కోసం 1 నొక్కండి. చాలా కాలంగా ఉన్న వ్యాధి కోసం 2 నొక్కండి. రోజూ వేసుకునే మందు కోసం 3 నొక్కండి.
condition-menu = షుగర్ వ్యాధి కోసం 1 నొక్కండి. హై బీపీ, 2. ఆస్తమా, 3. టీబీ, 4. గుండె జబ్బు, 5. గర్భం, 6. వేరే వ్యాధి కోసం 7 నొక్కండి.
item-say-allergy = మీకు దేనికి అలర్జీ ఉందో చెప్పండి.
item-say-condition = వ్యాధి పేరు చెప్పండి.
item-say-medicine = మందు పేరు, దాన్ని ఎలా వేసుకుంటారో చెప్పండి.
item-saved = ధన్యవాదాలు. { $item } మీ రికార్డులో నమోదైంది.
item-if-now = ఇది ఇప్పుడే జరుగుతుంటే, { $emergency } కు కలవడానికి 0 నొక్కండి.
pregnancy-month-ask = గర్భం ఎన్నో నెల? 1 నుండి 9 వరకు ఒక సంఖ్య నొక్కండి.
condition-diabetes = షుగర్ వ్యాధి
condition-hypertension = హై బీపీ
condition-asthma = ఆస్తమా
condition-tb = టీబీ
condition-heart = గుండె జబ్బు
condition-pregnancy = గర్భం, నెల { $month }
record-empty = మీ రికార్డు ఖాళీగా ఉంది.
record-item = సంఖ్య { $n }: { $item }.
record-item-hidden = సంఖ్య { $n }: { $item }, డాక్టర్లకు కనిపించదు.
record-toggle = ఏదైనా డాక్టర్లకు దాచడానికి, లేదా మళ్లీ చూపించడానికి, దాని సంఖ్య నొక్కండి. వెనక్కి వెళ్లడానికి స్టార్ నొక్కండి.
record-now-hidden = సంఖ్య { $n } ఇప్పుడు డాక్టర్లకు కనిపించదు.
record-now-shown = సంఖ్య { $n } ఇప్పుడు డాక్టర్లకు కనిపిస్తుంది.

## Reminders by keypad (after the prescription, main menu 4)
remind-offer = ఈ మందులు వేసుకోవాలని గుర్తు చేయడానికి 1 నొక్కండి. వెనక్కి వెళ్లడానికి స్టార్ నొక్కండి.
remind-times = ఎప్పుడు గుర్తు చేయాలి? ఉదయం కోసం 1 నొక్కండి. మధ్యాహ్నం, 2. సాయంత్రం, 3. రాత్రి, 4. ఒకటి కంటే ఎక్కువ నొక్కవచ్చు, తర్వాత హాష్ నొక్కండి.
remind-how = ఫోన్ కాల్ ద్వారా గుర్తు చేయడానికి 1 నొక్కండి. SMS ద్వారా అయితే 2 నొక్కండి.
remind-set = ధన్యవాదాలు. { $until } వరకు { $times } గుర్తు చేస్తాం.

## Calls we place
remind-call = నమస్కారం, డోర్‌స్టెప్ డాక్టర్ నుండి { $who } మందుల గుర్తు. ఇప్పుడు { $medicines } వేసుకునే సమయం. వేసుకుని ఉంటే 1 నొక్కండి. ఇంకా వేసుకోకపోతే 2 నొక్కండి.
remind-call-taken = ధన్యవాదాలు. జాగ్రత్తగా ఉండండి.
remind-call-not-taken = దయచేసి డాక్టర్ రాసినట్లే వేసుకోండి. జాగ్రత్తగా ఉండండి.
follow-up-call = నమస్కారం, డోర్‌స్టెప్ డాక్టర్ నుండి కాల్ చేస్తున్నాం. మీరు మాతో మాట్లాడిన తర్వాత { $who } ఆరోగ్యం ఇప్పుడు ఎలా ఉందో అడగడానికి కాల్ చేశాం. మెరుగ్గా ఉంటే 1 నొక్కండి. అలాగే ఉంటే 2 నొక్కండి. ఇంకా అధ్వాన్నంగా ఉంటే 3 నొక్కండి.
follow-up-better = విని సంతోషం. జాగ్రత్తగా ఉండండి.
follow-up-offer-doctor = ఇప్పుడే డాక్టర్‌తో మాట్లాడటానికి 1 నొక్కండి. ప్రధాన మెనూకు వెళ్లడానికి 2 నొక్కండి.
replay-intro = మీ కోసం మా చివరి సందేశం ఇదిగో.
