# Triage replies: fixed, safe texts used for emergencies, when no LLM is configured,
# and whenever an LLM reply fails the guard. Never name a medicine or a diagnosis here.
triage-describe = దయచేసి ఇప్పుడు కొన్ని మాటల్లో మీ సమస్య చెప్పండి.
triage-not-heard = మాకు వినిపించలేదు.
triage-emergency = మీరు చెప్పారు: "{ $evidence }". ఇది ప్రమాద సంకేతం. మిమ్మల్ని ఇప్పుడే { $emergency } కు కలుపుతున్నాం.
triage-emergency-sms = అత్యవసరం: ఇప్పుడే { $emergency } కు కాల్ చేయండి లేదా దగ్గరి ఆసుపత్రికి వెళ్ళండి. "{ $evidence }" ప్రమాద సంకేతం.
triage-reply-high = దయచేసి ఈరోజే డాక్టర్‌ను కలవండి. ఎక్కువైతే { $emergency } కు కాల్ చేయండి.
triage-reply-medium = దయచేసి కొన్ని రోజుల్లో డాక్టర్‌ను కలవండి. ఎక్కువైతే మళ్ళీ సంప్రదించండి.
triage-reply-low = ఇంట్లో విశ్రాంతి తీసుకుని జాగ్రత్తగా ఉండవచ్చు. ఎక్కువైతే లేదా మూడు రోజుల్లో తగ్గకపోతే డాక్టర్‌ను కలవండి.
triage-unclear = మాకు అర్థం కాలేదు. దయచేసి కొన్ని మాటల్లో మళ్ళీ చెప్పండి, లేదా డాక్టర్‌ను అడగండి.
triage-unclear-sms = అర్థం కాలేదు. కొన్ని మాటల్లో సమస్య రాయండి, లేదా DOCTOR పంపండి.
triage-offer-doctor = ఇప్పుడే డాక్టర్‌తో మాట్లాడటానికి 1 నొక్కండి. ప్రధాన మెనూ కోసం 2 నొక్కండి.
triage-sms-offer-doctor = డాక్టర్ కాల్ కోసం DOCTOR పంపండి.
triage-actions-emergency = ఇప్పుడే { $emergency } కు కాల్ చేయండి లేదా దగ్గరి ఆసుపత్రికి వెళ్ళండి. సహాయం వచ్చే వరకు రోగితో ఉండండి.

# The danger-sign interview: yes/no questions by keypad after a triage that was not an
# emergency. Each question is phrased so that "yes" is the danger sign.
danger-intro = జాగ్రత్త కోసం కొన్ని చిన్న ప్రశ్నలు.
danger-keys = అవును అంటే 1 నొక్కండి, లేదు అంటే 2 నొక్కండి.
danger-invalid = దయచేసి అవును అంటే 1 నొక్కండి, లేదు అంటే 2 నొక్కండి.
danger-q-universal = ఎవరైనా స్పృహ తప్పి ఉన్నారా, ఫిట్స్ వస్తున్నాయా, ఊపిరి తీసుకోవడానికి చాలా కష్టపడుతున్నారా, లేదా చాలా రక్తం పోతోందా?
danger-q-child_drink = బిడ్డ ఏమీ తాగలేకపోతోందా, లేదా తల్లిపాలు తాగలేకపోతోందా?
danger-q-child_vomit = బిడ్డ ఏది ఇచ్చినా, నీళ్లు కూడా, వాంతి చేసుకుంటోందా?
danger-q-child_fits = ఈ జబ్బులో బిడ్డకు ఫిట్స్ వచ్చాయా?
danger-q-child_sleepy = బిడ్డ బాగా మగతగా ఉందా, లేదా లేపినా కష్టంగా లేస్తోందా?
danger-q-child_breathing = బిడ్డ గబగబా ఊపిరి తీసుకుంటోందా, లేదా ప్రతి ఊపిరికీ ఛాతీ లోపలికి లాగుతోందా?
danger-q-preg_bleeding = కింద నుంచి కొంచెమైనా రక్తం వస్తోందా?
danger-q-preg_movement = కడుపులో బిడ్డ కదలడం ఆగిపోయిందా, లేదా చాలా తగ్గిపోయిందా?
danger-q-preg_headache = తలనొప్పి బాగా ఎక్కువగా ఉందా, లేదా కళ్లు మసకగా కనిపిస్తున్నాయా?
danger-q-stroke_signs = ముఖం లేదా శరీరం ఒక వైపు బలం తగ్గిందా, లేదా మాట ముద్దగా వస్తోందా?
danger-q-headache_sudden = తలనొప్పి ఒక్కసారిగా మొదలైందా, ఇంతవరకు ఎప్పుడూ లేనంత ఎక్కువగా ఉందా?
danger-q-chest_pain = ఛాతీలో నొప్పి, ఒత్తిడి లేదా బరువుగా ఉందా?
danger-q-injury_bleeding = ఆగకుండా రక్తం పోతోందా?
danger-q-injury_head = తలకు దెబ్బ తగిలి, అప్పటి నుంచి వాంతులు అవుతున్నాయా?
danger-q-elderly_stand = రోగి నిలబడలేకపోతున్నారా, లేదా నడవలేకపోతున్నారా?
danger-q-burn_site = ముఖం కాలిందా, లేదా కాలిన చోటు రోగి చేతి కంటే పెద్దగా ఉందా?
danger-q-fever_neck = గడ్డం ఛాతీకి తగలనంతగా మెడ బిగుసుకుపోయిందా?
danger-q-fever_bleeding = చిగుళ్ల నుంచి లేదా ముక్కు నుంచి రక్తం వస్తోందా?
danger-q-bite_face = కాటు ముఖం, తల లేదా మెడ మీద పడిందా?
danger-q-abdomen_severe = కడుపు నొప్పి చాలా ఎక్కువగా ఉందా?
danger-q-sugar_symptoms = రోగి అయోమయంగా ఉన్నారా, బాగా మగతగా ఉన్నారా, లేదా చెమటలు పట్టి వణుకుతున్నారా?
danger-q-breathing = ఊపిరి తీసుకోవడం కష్టంగా ఉందా?
# By SMS only the universal question is asked, when the urgency is medium or high.
danger-sms-question = జాగ్రత్త కోసం: ఎవరైనా స్పృహ తప్పినా, ఫిట్స్ వచ్చినా, ఊపిరి చాలా కష్టమైనా, చాలా రక్తం పోతున్నా 1 పంపండి, లేకపోతే 2 పంపండి.
danger-sms-no = ధన్యవాదాలు. ఏదైనా మారితే { $emergency } కు కాల్ చేయండి.
