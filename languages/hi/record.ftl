# हिन्दी: the patient's own record (readings, profile, privacy), medicine reminders and
# follow-up calls. `sms-` messages are texts (short: UCS-2 gives 70 characters a segment);
# the others are spoken.

## Readings by SMS
sms-reading-saved = { $who } के लिए दर्ज: { $reading }। पिछली पाँच देखने के लिए READINGS भेजें।
sms-reading-check = कृपया रीडिंग जाँचकर फिर भेजें, जैसे: { $example }
sms-reading-high = { $reading } सही सीमा से बाहर। आज डॉक्टर दिखाएँ: DOCTOR भेजें। छाती दर्द, साँस फूले, बेहोशी, उलझन पर अभी { $emergency } कॉल करें।
sms-reading-emergency = { $reading } खतरनाक है। अभी { $emergency } पर कॉल करें या पास के अस्पताल जाएँ।
sms-reading-low-sugar = अगर मरीज़ होश में है और निगल सकता है, तो अभी कुछ मीठा खिलाएँ या पिलाएँ।
sms-readings-none = { $who } के लिए अभी कोई रीडिंग नहीं। भेजें, जैसे: BP 140/90
sms-readings-list = { $who } के लिए पिछली रीडिंग:
reading-bp = बीपी { $top }/{ $bottom }
reading-sugar = शुगर { $value } mg/dL
reading-sugar-fasting = शुगर { $value } mg/dL खाली पेट
reading-sugar-after-food = शुगर { $value } mg/dL खाने के बाद
reading-weight = वज़न { $value } kg
reading-temp = तापमान { $value } °F
reading-pulse = नब्ज़ { $value }

## Profile by SMS
sms-profile-added = { $who } के लिए रिकॉर्ड में जोड़ा: { $item }। देखने के लिए PROFILE भेजें।
sms-profile-if-now = अगर यह अभी हो रहा है तो { $emergency } पर कॉल करें या DOCTOR भेजें।
sms-profile-usage = ALLERGY, CONDITION या MEDS और उसका नाम भेजें, जैसे: ALLERGY penicillin
sms-profile-none = { $who } के लिए रिकॉर्ड खाली है। भेजें, जैसे: ALLERGY penicillin
sms-profile-list = { $who } के लिए रिकॉर्ड:
sms-profile-hint = HIDE n डॉक्टरों से छिपाए, SHOW n फिर दिखाए, REMOVE n मिटाए।
sms-profile-no-item = नंबर { $n } नहीं है। नंबर देखने के लिए PROFILE भेजें।
sms-profile-removed = नंबर { $n } मिटा दिया।
sms-profile-hidden = नंबर { $n } अब डॉक्टरों से छिपा है।
sms-profile-shown = नंबर { $n } अब डॉक्टरों को दिखेगा।
profile-allergy = एलर्जी: { $text }
profile-condition = बीमारी: { $text }
profile-medicine = दवा: { $text }
profile-hidden-mark = (छिपा)

## Household by SMS
sms-for-list = यह फ़ोन इनके लिए है: { $list }। FOR और नंबर भेजें।
sms-for-set = अब { $who } के लिए लिख रहे हैं।
sms-for-unknown = इस फ़ोन पर मरीज़ { $n } नहीं है। सूची के लिए FOR भेजें।
who-self = आप
who-patient = मरीज़ { $n }

## Reminders by SMS
sms-prescription-remind = दवा की याद के लिए REMIND और समय भेजें: 1 सुबह, 2 दोपहर, 3 शाम, 4 रात, जैसे REMIND 1 4। कॉल के लिए CALL जोड़ें।
sms-remind-usage = REMIND और समय भेजें: 1 सुबह, 2 दोपहर, 3 शाम, 4 रात, जैसे REMIND 1 4। SMS की जगह कॉल के लिए CALL जोड़ें।
sms-remind-none = अभी याद दिलाने के लिए कोई पर्चा नहीं है।
sms-remind-set = पर्चा { $ref } की याद { $channel } से, { $times }, { $until } तक। बंद करने के लिए STOP भेजें।
sms-remind-dose = DoorStepDoctor याद: { $who } के लिए { $medicines } का समय। ले लें तो 1 भेजें।
sms-remind-taken = धन्यवाद। दवा लेना दर्ज किया।
remind-channel-sms = SMS
remind-channel-call = कॉल
remind-slot-morning = सुबह
remind-slot-afternoon = दोपहर
remind-slot-evening = शाम
remind-slot-night = रात

## The record by keypad (main menu 5)
record-menu = आपकी सेहत का रिकॉर्ड। रीडिंग देने के लिए 1 दबाएँ। एलर्जी, बीमारी या दवा जोड़ने के लिए 2 दबाएँ। अपना रिकॉर्ड सुनने और डॉक्टरों से कुछ छिपाने के लिए 3 दबाएँ। वापस जाने के लिए स्टार दबाएँ।
reading-menu = बीपी के लिए 1 दबाएँ। शुगर के लिए 2 दबाएँ। वज़न के लिए 3 दबाएँ। तापमान के लिए 4 दबाएँ। नब्ज़ के लिए 5 दबाएँ।
reading-bp-top = कृपया बीपी का ऊपर वाला नंबर दबाएँ, फिर हैश दबाएँ।
reading-bp-bottom = अब नीचे वाला नंबर दबाएँ, फिर हैश दबाएँ।
reading-sugar-ask = कृपया शुगर की रीडिंग मिलीग्राम में दबाएँ, फिर हैश दबाएँ।
reading-weight-ask = कृपया वज़न किलो में दबाएँ, फिर हैश दबाएँ।
reading-temp-ask = कृपया तापमान डिग्री में दबाएँ, फिर हैश दबाएँ। पॉइंट के लिए स्टार दबाएँ।
reading-pulse-ask = कृपया नब्ज़ की गिनती दबाएँ, फिर हैश दबाएँ।
reading-saved = धन्यवाद। रीडिंग { $reading } दर्ज हो गई।
reading-check = यह रीडिंग सही नहीं लग रही। कृपया जाँचकर फिर से दबाएँ।
reading-high = यह रीडिंग सुरक्षित सीमा से बाहर है। कृपया आज ही डॉक्टर को दिखाएँ।
reading-emergency = यह रीडिंग खतरनाक है।
reading-symptoms-ask = क्या सीने में दर्द, साँस फूलना, बेहोशी, उलझन, या शरीर के एक तरफ़ कमज़ोरी है? हाँ तो 1 दबाएँ। नहीं तो 2 दबाएँ।
reading-low-sugar = अगर मरीज़ होश में है और निगल सकता है, तो अभी कुछ मीठा खिलाएँ या पिलाएँ।
item-menu = एलर्जी के लिए 1 दबाएँ। लंबे समय से चल रही बीमारी के लिए 2 दबाएँ। रोज़ ली जाने वाली दवा के लिए 3 दबाएँ।
condition-menu = शुगर की बीमारी के लिए 1 दबाएँ। हाई बीपी, 2। दमा, 3। टीबी, 4। दिल की बीमारी, 5। गर्भावस्था, 6। किसी और बीमारी के लिए 7 दबाएँ।
item-say-allergy = कृपया बताइए कि आपको किस चीज़ से एलर्जी है।
item-say-condition = कृपया बीमारी का नाम बताइए।
item-say-medicine = कृपया दवा का नाम और उसे कैसे लेते हैं, यह बताइए।
item-saved = धन्यवाद। { $item } आपके रिकॉर्ड में दर्ज हो गया।
item-if-now = अगर यह अभी हो रहा है, तो { $emergency } से जुड़ने के लिए 0 दबाएँ।
pregnancy-month-ask = गर्भ का कौन सा महीना चल रहा है? 1 से 9 तक कोई नंबर दबाएँ।
condition-diabetes = शुगर की बीमारी
condition-hypertension = हाई बीपी
condition-asthma = दमा
condition-tb = टीबी
condition-heart = दिल की बीमारी
condition-pregnancy = गर्भावस्था, महीना { $month }
record-empty = आपका रिकॉर्ड खाली है।
record-item = नंबर { $n }: { $item }।
record-item-hidden = नंबर { $n }: { $item }, डॉक्टरों से छिपा है।
record-toggle = किसी चीज़ को डॉक्टरों से छिपाने या फिर से दिखाने के लिए उसका नंबर दबाएँ। वापस जाने के लिए स्टार दबाएँ।
record-now-hidden = नंबर { $n } अब डॉक्टरों से छिपा है।
record-now-shown = नंबर { $n } अब डॉक्टरों को दिखेगा।

## Reminders by keypad (after the prescription, main menu 4)
remind-offer = ये दवाएँ लेने की याद दिलाने के लिए 1 दबाएँ। वापस जाने के लिए स्टार दबाएँ।
remind-times = हम आपको कब याद दिलाएँ? सुबह के लिए 1 दबाएँ। दोपहर, 2। शाम, 3। रात, 4। आप कई नंबर दबा सकते हैं, फिर हैश दबाएँ।
remind-how = फ़ोन कॉल से याद दिलाने के लिए 1 दबाएँ। SMS से याद दिलाने के लिए 2 दबाएँ।
remind-set = धन्यवाद। हम आपको { $until } तक { $times } याद दिलाएँगे।

## Calls we place
remind-call = नमस्ते, यह डोरस्टेप डॉक्टर है, { $who } के लिए दवा की याद दिलाने। { $medicines } लेने का समय हो गया है। अगर ले ली है तो 1 दबाएँ। अभी नहीं ली तो 2 दबाएँ।
remind-call-taken = धन्यवाद। अपना ध्यान रखें।
remind-call-not-taken = कृपया दवा वैसे ही लें जैसे डॉक्टर ने लिखी है। अपना ध्यान रखें।
follow-up-call = नमस्ते, यह डोरस्टेप डॉक्टर है। आपने हमसे बात की थी, इसलिए हम { $who } के बारे में पूछने के लिए फ़ोन कर रहे हैं: अब तबीयत कैसी है? पहले से बेहतर है तो 1 दबाएँ। वैसी ही है तो 2 दबाएँ। और खराब है तो 3 दबाएँ।
follow-up-better = यह सुनकर खुशी हुई। अपना ध्यान रखें।
follow-up-offer-doctor = अभी डॉक्टर से बात करने के लिए 1 दबाएँ। मुख्य मेनू पर लौटने के लिए 2 दबाएँ।
replay-intro = यह रहा आपके लिए हमारा पिछला संदेश।
