# Triage replies: fixed, safe texts used for emergencies, when no LLM is configured,
# and whenever an LLM reply fails the guard. Never name a medicine or a diagnosis here.
triage-describe = कृपया अभी कुछ शब्दों में अपनी समस्या बताइए।
triage-not-heard = हम आपकी बात नहीं सुन पाए।
triage-emergency = आपने कहा: "{ $evidence }"। यह खतरे का संकेत है। हम आपको अभी { $emergency } से जोड़ रहे हैं।
triage-emergency-sms = आपातकाल: अभी { $emergency } पर कॉल करें या पास के अस्पताल जाएँ। "{ $evidence }" खतरे का संकेत है।
triage-reply-high = कृपया आज ही डॉक्टर को दिखाएँ। तबीयत बिगड़े तो { $emergency } पर कॉल करें।
triage-reply-medium = कृपया अगले कुछ दिनों में डॉक्टर को दिखाएँ। तबीयत बिगड़े तो हमें फिर संपर्क करें।
triage-reply-low = आप घर पर आराम करके ध्यान रख सकते हैं। तबीयत बिगड़े या तीन दिन में ठीक न हो तो डॉक्टर को दिखाएँ।
triage-unclear = हम समझ नहीं पाए। कृपया कुछ शब्दों में फिर बताइए, या डॉक्टर से बात कीजिए।
triage-unclear-sms = हम समझ नहीं पाए। कुछ शब्दों में समस्या लिखें, या DOCTOR भेजें।
triage-offer-doctor = अभी डॉक्टर से बात करने के लिए 1 दबाएँ। मुख्य मेनू के लिए 2 दबाएँ।
triage-sms-offer-doctor = डॉक्टर कॉल के लिए DOCTOR भेजें।
triage-actions-emergency = अभी { $emergency } पर कॉल करें या पास के अस्पताल जाएँ। मदद आने तक मरीज़ के साथ रहें।

# The danger-sign interview: yes/no questions by keypad after a triage that was not an
# emergency. Each question is phrased so that "yes" is the danger sign.
danger-intro = सावधानी के लिए कुछ छोटे सवाल।
danger-keys = हाँ के लिए 1 दबाएँ, नहीं के लिए 2 दबाएँ।
danger-invalid = कृपया हाँ के लिए 1 दबाएँ, या नहीं के लिए 2 दबाएँ।
danger-q-universal = क्या कोई बेहोश है, उसे दौरे पड़ रहे हैं, साँस लेने में बहुत तकलीफ़ है, या बहुत खून बह रहा है?
danger-q-child_drink = क्या बच्चा कुछ भी पी नहीं पा रहा, या माँ का दूध नहीं पी पा रहा?
danger-q-child_vomit = क्या बच्चा सब कुछ उल्टी कर देता है, पानी भी?
danger-q-child_fits = क्या इस बीमारी में बच्चे को दौरे पड़े हैं?
danger-q-child_sleepy = क्या बच्चा बहुत सुस्त है, या जगाने पर मुश्किल से जागता है?
danger-q-child_breathing = क्या बच्चा तेज़-तेज़ साँस ले रहा है, या हर साँस के साथ छाती अंदर धँसती है?
danger-q-preg_bleeding = क्या नीचे से थोड़ा भी खून आ रहा है?
danger-q-preg_movement = क्या पेट में बच्चे का हिलना-डुलना बंद हो गया है, या बहुत कम हो गया है?
danger-q-preg_headache = क्या सिर में बहुत तेज़ दर्द है, या धुंधला दिख रहा है?
danger-q-stroke_signs = क्या चेहरे या शरीर का एक तरफ़ का हिस्सा कमज़ोर हो गया है, या बोली साफ़ नहीं निकल रही?
danger-q-headache_sudden = क्या सिरदर्द अचानक शुरू हुआ, और क्या यह अब तक का सबसे तेज़ सिरदर्द है?
danger-q-chest_pain = क्या छाती में दर्द, दबाव या भारीपन है?
danger-q-injury_bleeding = क्या ऐसा खून बह रहा है जो रुक नहीं रहा?
danger-q-injury_head = क्या सिर में चोट लगी है, और तब से उल्टी हो रही है?
danger-q-elderly_stand = क्या मरीज़ खड़े नहीं हो पा रहे, या चल नहीं पा रहे?
danger-q-burn_site = क्या चेहरा जला है, या जला हुआ हिस्सा मरीज़ के हाथ से बड़ा है?
danger-q-fever_neck = क्या गर्दन इतनी अकड़ गई है कि ठोड़ी छाती से नहीं लगती?
danger-q-fever_bleeding = क्या मसूड़ों या नाक से खून आ रहा है?
danger-q-bite_face = क्या चेहरे, सिर या गर्दन पर काटा है?
danger-q-abdomen_severe = क्या पेट में बहुत ज़्यादा दर्द है?
danger-q-sugar_symptoms = क्या मरीज़ को कुछ समझ नहीं आ रहा, बहुत नींद आ रही है, या पसीना आ रहा है और शरीर काँप रहा है?
danger-q-breathing = क्या साँस लेने में तकलीफ़ है?
# By SMS only the universal question is asked, when the urgency is medium or high.
danger-sms-question = सावधानी के लिए: अगर कोई बेहोश है, दौरे पड़ रहे हैं, साँस में बहुत तकलीफ़ है या बहुत खून बह रहा है तो 1 भेजें, नहीं तो 2 भेजें।
danger-sms-no = धन्यवाद। हालत में कुछ भी बदले तो { $emergency } पर कॉल करें।
