# मराठी: the patient's own record (readings, profile, privacy), medicine reminders and
# follow-up calls. `sms-` messages are texts (short: UCS-2 gives 70 characters a segment);
# the others are spoken.

## Readings by SMS
sms-reading-saved = { $who } साठी नोंदवले: { $reading }. शेवटच्या पाच पाहण्यासाठी READINGS पाठवा.
sms-reading-check = कृपया रीडिंग तपासून पुन्हा पाठवा, उदा.: { $example }
sms-reading-high = { $reading } सुरक्षित नाही. आज डॉक्टरला दाखवा: DOCTOR पाठवा. छातीत कळ, धाप, भोवळ, गोंधळ असल्यास लगेच { $emergency } ला फोन करा.
sms-reading-emergency = { $reading } धोकादायक आहे. लगेच { $emergency } ला फोन करा किंवा जवळच्या रुग्णालयात जा.
sms-reading-low-sugar = रुग्ण शुद्धीवर असेल आणि गिळू शकत असेल, तर लगेच काहीतरी गोड खायला किंवा प्यायला द्या.
sms-readings-none = { $who } साठी अजून रीडिंग नाही. पाठवा, उदा.: BP 140/90
sms-readings-list = { $who } साठी शेवटची रीडिंग:
reading-bp = बीपी { $top }/{ $bottom }
reading-sugar = शुगर { $value } mg/dL
reading-sugar-fasting = शुगर { $value } mg/dL उपाशीपोटी
reading-sugar-after-food = शुगर { $value } mg/dL जेवणानंतर
reading-weight = वजन { $value } kg
reading-temp = तापमान { $value } °F
reading-pulse = नाडी { $value }

## Profile by SMS
sms-profile-added = { $who } साठी नोंदीत जोडले: { $item }. पाहण्यासाठी PROFILE पाठवा.
sms-profile-if-now = हे आत्ता होत असेल तर { $emergency } ला फोन करा किंवा DOCTOR पाठवा.
sms-profile-usage = ALLERGY, CONDITION किंवा MEDS आणि त्याचे नाव पाठवा, उदा.: ALLERGY penicillin
sms-profile-none = { $who } साठी नोंद रिकामी आहे. पाठवा, उदा.: ALLERGY penicillin
sms-profile-list = { $who } साठी नोंद:
sms-profile-hint = HIDE n डॉक्टरांपासून लपवते, SHOW n पुन्हा दाखवते, REMOVE n काढून टाकते.
sms-profile-no-item = क्रमांक { $n } नाही. क्रमांक पाहण्यासाठी PROFILE पाठवा.
sms-profile-removed = क्रमांक { $n } काढून टाकला.
sms-profile-hidden = क्रमांक { $n } आता डॉक्टरांपासून लपवला.
sms-profile-shown = क्रमांक { $n } आता डॉक्टरांना दिसेल.
profile-allergy = ॲलर्जी: { $text }
profile-condition = आजार: { $text }
profile-medicine = औषध: { $text }
profile-hidden-mark = (लपवलेले)

## Household by SMS
sms-for-list = हा फोन यांच्यासाठी: { $list }. FOR आणि क्रमांक पाठवा.
sms-for-set = आता { $who } साठी नोंद होईल.
sms-for-unknown = या फोनवर रुग्ण { $n } नाही. यादीसाठी FOR पाठवा.
who-self = आपल्या
who-patient = रुग्ण { $n }

## Reminders by SMS
sms-prescription-remind = औषधाच्या आठवणीसाठी REMIND आणि वेळा पाठवा: 1 सकाळ, 2 दुपार, 3 संध्याकाळ, 4 रात्र, उदा. REMIND 1 4. फोनसाठी CALL जोडा.
sms-remind-usage = REMIND आणि वेळा पाठवा: 1 सकाळ, 2 दुपार, 3 संध्याकाळ, 4 रात्र, उदा. REMIND 1 4. SMS ऐवजी फोनसाठी CALL जोडा.
sms-remind-none = आठवण देण्यासाठी अजून कोणतीही औषधचिठ्ठी नाही.
sms-remind-set = औषधचिठ्ठी { $ref } ची आठवण { $channel } ने, { $times }, { $until } पर्यंत. बंद करण्यासाठी STOP पाठवा.
sms-remind-dose = DoorStepDoctor आठवण: { $who } साठी { $medicines } ची वेळ. घेतल्यावर 1 पाठवा.
sms-remind-taken = धन्यवाद. घेतल्याची नोंद केली.
remind-channel-sms = SMS
remind-channel-call = फोन
remind-slot-morning = सकाळ
remind-slot-afternoon = दुपार
remind-slot-evening = संध्याकाळ
remind-slot-night = रात्र

## The record by keypad (main menu 5)
record-menu = आपल्या आरोग्याच्या नोंदी. रीडिंग देण्यासाठी 1 दाबा. ॲलर्जी, आजार किंवा औषध जोडण्यासाठी 2 दाबा. आपली नोंद ऐकण्यासाठी आणि डॉक्टरांपासून काही लपवण्यासाठी 3 दाबा. मागे जाण्यासाठी स्टार दाबा.
reading-menu = बीपीसाठी 1 दाबा. शुगरसाठी 2 दाबा. वजनासाठी 3 दाबा. तापमानासाठी 4 दाबा. नाडीसाठी 5 दाबा.
reading-bp-top = कृपया बीपीचा वरचा आकडा दाबा, मग हॅश दाबा.
reading-bp-bottom = आता खालचा आकडा दाबा, मग हॅश दाबा.
reading-sugar-ask = कृपया शुगरचे रीडिंग मिलिग्रॅममध्ये दाबा, मग हॅश दाबा.
reading-weight-ask = कृपया वजन किलोमध्ये दाबा, मग हॅश दाबा.
reading-temp-ask = कृपया तापमान डिग्रीमध्ये दाबा, मग हॅश दाबा. पॉइंटसाठी स्टार दाबा.
reading-pulse-ask = कृपया नाडीचे ठोके दाबा, मग हॅश दाबा.
reading-saved = धन्यवाद. रीडिंग { $reading } नोंदवले.
reading-check = हे रीडिंग बरोबर वाटत नाही. कृपया तपासून पुन्हा दाबा.
reading-high = हे रीडिंग सुरक्षित मर्यादेबाहेर आहे. कृपया आजच डॉक्टरांना दाखवा.
reading-emergency = हे रीडिंग धोकादायक आहे.
reading-symptoms-ask = छातीत दुखणे, धाप लागणे, बेशुद्ध होणे, गोंधळल्यासारखे वाटणे, किंवा शरीराची एक बाजू कमजोर होणे, यापैकी काही आहे का? हो असल्यास 1 दाबा. नाही तर 2 दाबा.
reading-low-sugar = रुग्ण शुद्धीवर असेल आणि गिळू शकत असेल, तर लगेच काहीतरी गोड खायला किंवा प्यायला द्या.
item-menu = ॲलर्जीसाठी 1 दाबा. खूप दिवसांपासूनच्या आजारासाठी 2 दाबा. रोज घेत असलेल्या औषधासाठी 3 दाबा.
condition-menu = मधुमेह किंवा शुगरसाठी 1 दाबा. हाय बीपी, 2. दमा, 3. टीबी, 4. हृदयरोग, 5. गर्भारपण, 6. दुसऱ्या आजारासाठी 7 दाबा.
item-say-allergy = कृपया कशाची ॲलर्जी आहे ते सांगा.
item-say-condition = कृपया आजाराचे नाव सांगा.
item-say-medicine = कृपया औषधाचे नाव आणि ते कसे घेता ते सांगा.
item-saved = धन्यवाद. { $item } आपल्या नोंदीत जोडले.
item-if-now = हे आत्ता होत असेल तर { $emergency } शी जोडण्यासाठी 0 दाबा.
pregnancy-month-ask = गर्भारपणाचा कितवा महिना आहे? 1 ते 9 पैकी एक आकडा दाबा.
condition-diabetes = मधुमेह
condition-hypertension = हाय बीपी
condition-asthma = दमा
condition-tb = टीबी
condition-heart = हृदयरोग
condition-pregnancy = गर्भारपण, महिना { $month }
record-empty = आपली नोंद रिकामी आहे.
record-item = क्रमांक { $n }: { $item }.
record-item-hidden = क्रमांक { $n }: { $item }, डॉक्टरांपासून लपवलेले.
record-toggle = एखादी गोष्ट डॉक्टरांपासून लपवण्यासाठी किंवा पुन्हा दाखवण्यासाठी तिचा क्रमांक दाबा. मागे जाण्यासाठी स्टार दाबा.
record-now-hidden = क्रमांक { $n } आता डॉक्टरांपासून लपवला आहे.
record-now-shown = क्रमांक { $n } आता डॉक्टरांना दिसेल.

## Reminders by keypad (after the prescription, main menu 4)
remind-offer = ही औषधे घेण्याची आठवण हवी असल्यास 1 दाबा. मागे जाण्यासाठी स्टार दाबा.
remind-times = आम्ही कधी आठवण करून देऊ? सकाळसाठी 1 दाबा. दुपार, 2. संध्याकाळ, 3. रात्र, 4. आपण अनेक आकडे दाबू शकता, मग हॅश दाबा.
remind-how = फोन करून आठवण हवी असल्यास 1 दाबा. SMS ने हवी असल्यास 2 दाबा.
remind-set = धन्यवाद. आम्ही { $until } पर्यंत { $times } आठवण करून देऊ.

## Calls we place
remind-call = नमस्कार, डोरस्टेप डॉक्टरकडून फोन आहे, { $who } साठी औषधाची आठवण. आता { $medicines } घेण्याची वेळ झाली आहे. घेतले असल्यास 1 दाबा. अजून घेतले नसल्यास 2 दाबा.
remind-call-taken = धन्यवाद. काळजी घ्या.
remind-call-not-taken = कृपया डॉक्टरांनी लिहिल्याप्रमाणे औषध घ्या. काळजी घ्या.
follow-up-call = नमस्कार, डोरस्टेप डॉक्टरकडून फोन आहे. आपण आमच्याशी बोललात, म्हणून { $who } साठी विचारपूस करायला फोन केला आहे. तब्येत आता कशी आहे? बरी असल्यास 1 दाबा. तशीच असल्यास 2 दाबा. जास्त बिघडली असल्यास 3 दाबा.
follow-up-better = हे ऐकून आनंद झाला. काळजी घ्या.
follow-up-offer-doctor = आत्ता डॉक्टरांशी बोलण्यासाठी 1 दाबा. मुख्य मेनूसाठी 2 दाबा.
replay-intro = आपल्यासाठी आमचा शेवटचा संदेश ऐका.
