# Triage replies: fixed, safe texts used for emergencies, when no LLM is configured,
# and whenever an LLM reply fails the guard. Never name a medicine or a diagnosis here.
triage-describe = দয়া করে এখন কয়েকটি কথায় আপনার সমস্যা বলুন।
triage-not-heard = আমরা শুনতে পাইনি।
triage-emergency = আপনি বললেন: "{ $evidence }"। এটি বিপদের লক্ষণ। আপনাকে এখনই { $emergency }-এ যুক্ত করছি।
triage-emergency-sms = জরুরি: এখনই { $emergency }-এ ফোন করুন বা কাছের হাসপাতালে যান। "{ $evidence }" বিপদের লক্ষণ।
triage-reply-high = দয়া করে আজই ডাক্তার দেখান। অবস্থা খারাপ হলে { $emergency }-এ ফোন করুন।
triage-reply-medium = দয়া করে কয়েক দিনের মধ্যে ডাক্তার দেখান। অবস্থা খারাপ হলে আবার যোগাযোগ করুন।
triage-reply-low = বাড়িতে বিশ্রাম নিয়ে যত্ন নিতে পারেন। খারাপ হলে বা তিন দিনে না সারলে ডাক্তার দেখান।
triage-unclear = আমরা বুঝতে পারিনি। দয়া করে কয়েকটি কথায় আবার বলুন, বা ডাক্তার চান।
triage-unclear-sms = বুঝতে পারিনি। কয়েকটি কথায় সমস্যা লিখুন, বা DOCTOR পাঠান।
triage-offer-doctor = এখনই ডাক্তারের সঙ্গে কথা বলতে 1 টিপুন। মূল মেনুতে ফিরতে 2 টিপুন।
triage-sms-offer-doctor = ডাক্তারের ফোনের জন্য DOCTOR পাঠান।
triage-actions-emergency = এখনই { $emergency }-এ ফোন করুন বা কাছের হাসপাতালে যান। সাহায্য না আসা পর্যন্ত রোগীর সঙ্গে থাকুন।

# The danger-sign interview: yes/no questions by keypad after a triage that was not an
# emergency. Each question is phrased so that "yes" is the danger sign.
danger-intro = সাবধানের জন্য কয়েকটা ছোট প্রশ্ন।
danger-keys = হ্যাঁ হলে 1 টিপুন, না হলে 2 টিপুন।
danger-invalid = দয়া করে হ্যাঁ হলে 1 টিপুন, না হলে 2 টিপুন।
danger-q-universal = কেউ কি অজ্ঞান হয়ে গেছে, খিঁচুনি হচ্ছে, শ্বাস নিতে খুব কষ্ট হচ্ছে, বা অনেক রক্ত পড়ছে?
danger-q-child_drink = বাচ্চা কি কিছুই খেতে পারছে না, জল বা মায়ের দুধও না?
danger-q-child_vomit = বাচ্চা কি যা খায় সব বমি করে দিচ্ছে, জলও?
danger-q-child_fits = এই অসুখে বাচ্চার কি খিঁচুনি হয়েছে?
danger-q-child_sleepy = বাচ্চা কি খুব ঝিমিয়ে আছে, বা ডাকলেও সহজে জাগছে না?
danger-q-child_breathing = বাচ্চা কি খুব তাড়াতাড়ি শ্বাস নিচ্ছে, বা প্রতি শ্বাসে বুক ভেতরে ঢুকে যাচ্ছে?
danger-q-preg_bleeding = নিচ দিয়ে কি একটুও রক্ত পড়ছে?
danger-q-preg_movement = পেটের বাচ্চা কি নড়াচড়া বন্ধ করে দিয়েছে, বা অনেক কম নড়ছে?
danger-q-preg_headache = খুব বেশি মাথাব্যথা হচ্ছে কি, বা চোখে ঝাপসা দেখছেন?
danger-q-stroke_signs = মুখ বা শরীরের এক দিক কি দুর্বল হয়ে গেছে, বা কথা জড়িয়ে যাচ্ছে?
danger-q-headache_sudden = মাথাব্যথা কি হঠাৎ শুরু হয়েছে, আর এটা কি এখন পর্যন্ত সবচেয়ে বেশি মাথাব্যথা?
danger-q-chest_pain = বুকে কি ব্যথা, চাপ বা ভার লাগছে?
danger-q-injury_bleeding = এমন রক্ত কি পড়ছে যা থামছে না?
danger-q-injury_head = মাথায় কি চোট লেগেছে, আর তার পর থেকে বমি হচ্ছে?
danger-q-elderly_stand = রোগী কি দাঁড়াতে বা হাঁটতে পারছেন না?
danger-q-burn_site = মুখ কি পুড়েছে, বা পোড়া জায়গাটা কি রোগীর হাতের চেয়ে বড়?
danger-q-fever_neck = ঘাড় কি এমন শক্ত হয়ে গেছে যে থুতনি বুকে ঠেকছে না?
danger-q-fever_bleeding = মাড়ি বা নাক দিয়ে কি রক্ত পড়ছে?
danger-q-bite_face = কামড়টা কি মুখে, মাথায় বা ঘাড়ে?
danger-q-abdomen_severe = পেটে কি খুব বেশি ব্যথা হচ্ছে?
danger-q-sugar_symptoms = রোগী কি উল্টোপাল্টা কথা বলছেন, খুব ঝিমিয়ে আছেন, বা ঘামছেন আর কাঁপছেন?
danger-q-breathing = শ্বাস নিতে কি কষ্ট হচ্ছে?
# By SMS only the universal question is asked, when the urgency is medium or high.
danger-sms-question = সাবধানের জন্য: কেউ অজ্ঞান হলে, খিঁচুনি হলে, শ্বাসে খুব কষ্ট হলে বা অনেক রক্ত পড়লে 1 পাঠান, না হলে 2 পাঠান।
danger-sms-no = ধন্যবাদ। অবস্থা বদলালে { $emergency }-এ ফোন করুন।
