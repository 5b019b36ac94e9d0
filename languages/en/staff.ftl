# English: answers to doctors' and pharmacists' SMS commands. Optional in other languages
# (English answers when a language does not have this file).
staff-doctor-help = Doctor commands: AVAILABLE, BUSY, CALL id, DONE id notes, RX id then one line per medicine: medicine; dose; frequency; days
staff-available = You are available for calls.
staff-busy = You will get no calls until you send AVAILABLE.
staff-queue-offer = A patient is waiting: reply CALL { $id } to call them.
staff-not-found = No consultation { $id } of yours.
staff-done = Consultation { $id } is complete. Thank you.
staff-rx-sent = Prescription { $rx } ({ $lines } lines) stored and sent to the patient of consultation { $id }.
staff-rx-bad-line = Line { $line } is not medicine; dose; frequency; days. Nothing was sent.
staff-calling = We are calling you now to connect you to the patient of consultation { $id }.
staff-usage-done = Send: DONE id notes
staff-usage-rx = Send: RX id, then one line per medicine: medicine; dose; frequency; days
staff-usage-call = Send: CALL id
staff-order-new = New order { $order }: { $quantity } x { $medicine }, Rs { $total }{ $rx }. Patient: { $phone }. Reply CONFIRM { $order }, READY { $order }, DELIVERED { $order } or CANCEL { $order }.
staff-pharmacy-help = Pharmacy commands: CONFIRM order, READY order, DELIVERED order, CANCEL order
staff-order-not-found = No order { $order } at your pharmacy.
staff-order-wrong-status = Order { $order } is { $status }; that step does not apply.
staff-order-updated = Order { $order } is now { $status }. The patient has been told.
