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
