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
