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
