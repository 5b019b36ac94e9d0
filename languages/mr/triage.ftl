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
