# Triage replies: fixed, safe texts used for emergencies, when no LLM is configured,
# and whenever an LLM reply fails the guard. Never name a medicine or a diagnosis here.
triage-describe = कृपया आता थोड्या शब्दांत आपली तक्रार सांगा।
triage-not-heard = आम्हाला ऐकू आले नाही।
triage-emergency = आपण म्हणालात: "{ $evidence }"। हे धोक्याचे लक्षण आहे। आपल्याला आत्ता { $emergency } शी जोडत आहोत।
triage-emergency-sms = आणीबाणी: आत्ता { $emergency } वर फोन करा किंवा जवळच्या रुग्णालयात जा। "{ $evidence }" हे धोक्याचे लक्षण आहे।
triage-reply-high = कृपया आजच डॉक्टरांना दाखवा। त्रास वाढला तर { $emergency } वर फोन करा।
triage-reply-medium = कृपया पुढच्या काही दिवसांत डॉक्टरांना दाखवा। त्रास वाढला तर पुन्हा संपर्क करा।
triage-reply-low = आपण घरी विश्रांती घेऊन काळजी घेऊ शकता। त्रास वाढला किंवा तीन दिवसांत बरे वाटले नाही तर डॉक्टरांना दाखवा।
triage-unclear = आम्हाला समजले नाही। कृपया थोड्या शब्दांत पुन्हा सांगा, किंवा डॉक्टर मागा।
triage-unclear-sms = समजले नाही। थोड्या शब्दांत तक्रार लिहा, किंवा DOCTOR पाठवा।
triage-offer-doctor = आता डॉक्टरांशी बोलण्यासाठी 1 दाबा। मुख्य मेनूसाठी 2 दाबा।
triage-sms-offer-doctor = डॉक्टर फोनसाठी DOCTOR पाठवा।
triage-actions-emergency = आत्ता { $emergency } वर फोन करा किंवा जवळच्या रुग्णालयात जा। मदत येईपर्यंत रुग्णासोबत राहा।

# The danger-sign interview: yes/no questions by keypad after a triage that was not an
# emergency. Each question is phrased so that "yes" is the danger sign.
danger-intro = खबरदारी म्हणून काही छोटे प्रश्न।
danger-keys = हो असेल तर 1 दाबा, नाही असेल तर 2 दाबा।
danger-invalid = कृपया हो असेल तर 1 दाबा, किंवा नाही असेल तर 2 दाबा।
danger-q-universal = कोणी बेशुद्ध आहे का, झटके येत आहेत का, श्वास घ्यायला खूप त्रास होतोय का, किंवा खूप रक्त जात आहे का?
danger-q-child_drink = बाळाला काहीच पिता येत नाही का, किंवा अंगावर पिता येत नाही का?
danger-q-child_vomit = बाळ जे खातं-पितं ते सगळं उलटी करून टाकतं का, पाणीसुद्धा?
danger-q-child_fits = या आजारात बाळाला झटके आले का?
danger-q-child_sleepy = बाळ खूप सुस्त आहे का, किंवा उठवलं तरी नीट उठत नाही का?
danger-q-child_breathing = बाळ भरभर श्वास घेतंय का, किंवा प्रत्येक श्वासाला छाती आत ओढली जाते का?
danger-q-preg_bleeding = खालून थोडंसुद्धा रक्त जातंय का?
danger-q-preg_movement = पोटातल्या बाळाची हालचाल थांबली आहे का, किंवा खूप कमी झाली आहे का?
danger-q-preg_headache = डोकं खूप जोरात दुखतंय का, किंवा अंधुक दिसतंय का?
danger-q-stroke_signs = चेहऱ्याची किंवा शरीराची एक बाजू कमजोर झाली आहे का, किंवा बोलणं अस्पष्ट झालं आहे का?
danger-q-headache_sudden = डोकं अचानक दुखायला लागलं का, आणि आजवरचं सगळ्यात जास्त दुखणं आहे का?
danger-q-chest_pain = छातीत दुखतंय, दाब किंवा जडपणा वाटतोय का?
danger-q-injury_bleeding = रक्त वाहतंय आणि थांबतच नाही का?
danger-q-injury_head = डोक्याला मार लागला आहे का, आणि तेव्हापासून उलट्या होत आहेत का?
danger-q-elderly_stand = रुग्णाला उभं राहता किंवा चालता येत नाही का?
danger-q-burn_site = चेहरा भाजला आहे का, किंवा भाजलेला भाग रुग्णाच्या हातापेक्षा मोठा आहे का?
danger-q-fever_neck = मान इतकी आखडली आहे का की हनुवटी छातीला लागत नाही?
danger-q-fever_bleeding = हिरड्यांतून किंवा नाकातून रक्त येतंय का?
danger-q-bite_face = चावा चेहऱ्यावर, डोक्यावर किंवा मानेवर आहे का?
danger-q-abdomen_severe = पोटात खूप जास्त दुखतंय का?
danger-q-sugar_symptoms = रुग्ण गोंधळलेला आहे का, खूप गुंगीत आहे का, किंवा घाम येऊन थरथरतोय का?
danger-q-breathing = श्वास घ्यायला त्रास होतोय का?
# By SMS only the universal question is asked, when the urgency is medium or high.
danger-sms-question = खबरदारी म्हणून: कोणी बेशुद्ध असेल, झटके येत असतील, श्वासाला खूप त्रास असेल किंवा खूप रक्त जात असेल तर 1 पाठवा, नाहीतर 2 पाठवा।
danger-sms-no = धन्यवाद। काही बदल झाला तर { $emergency } वर फोन करा।
