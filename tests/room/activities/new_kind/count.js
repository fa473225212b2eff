// The renderer of the tests' "count" kind, as a developer adding a kind writes one: a number
// on the phone, the total on every screen.
"use strict";
Room.kinds.count = {
  form(activity, context) {
    const form = Room.el("form", { id: "answer-form" },
      Room.el("label", { for: "count-value", text: `A number from 1 to ${activity.up_to}` }),
      Room.el("input", { id: "count-value", type: "number", min: 1, max: activity.up_to }),
      Room.el("button", { type: "submit", text: "Count it" }), context.status);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const value = Number(form.querySelector("#count-value").value);
      context.queue({ value }, String(value));
    });
    return form;
  },
  results: (activity, results) => Room.el("p", { id: "count-total", text: `Total ${results.total} from ${results.answers} phones` }),
};
