"use strict";
(() => {
  // Back from the room brings this page out of the browser's cache: ask the server again,
  // which sends a phone that has joined straight back to the room.
  window.addEventListener("pageshow", (event) => { if (event.persisted) window.location.reload(); });
  const form = document.getElementById("join-form");
  const messages = { code: document.getElementById("code-error"), role: document.getElementById("role-error"), other: document.getElementById("join-error") };

  // Each message is said by the field it is about (announced: role=alert), that field marked
  // invalid, and the message scrolled into view: a wrong code is read where the code was typed.
  function say(where, text, field) {
    for (const node of Object.values(messages)) node.textContent = "";
    form.code.removeAttribute("aria-invalid");
    if (!text) return;
    messages[where].textContent = text;
    if (where === "code") form.code.setAttribute("aria-invalid", "true");
    if (field) field.focus({ preventScroll: true });
    messages[where].scrollIntoView({ block: "nearest" });
    if (field) field.scrollIntoView({ block: "nearest" });
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const role = form.querySelector("input[name=role]:checked");
    if (!form.code.value.trim()) { say("code", "Type the room code shown on the projector.", form.code); return; }
    if (!role) { say("role", "Pick your role.", form.querySelector("input[name=role]")); return; }
    say("other", "");
    let result;
    try {
      result = await Room.postJSON("/join", { code: form.code.value, role: role.value, nickname: form.nickname.value, team: form.team.value });
    } catch (failure) {
      say("other", "Cannot reach the room. Are you on the room's Wi-Fi?");
      return;
    }
    if (result.ok && result.data.already) {
      say("other", "This phone is already in the room: taking you back to it.");
      window.location.assign(result.data.go);
    } else if (result.ok) window.location.assign(result.data.go);
    // 403: a wrong code; 429: too many wrong codes from this phone. Both are about the code box.
    else if (result.status === 403 || result.status === 429) say("code", result.data.error || `The room said no (${result.status}).`, form.code);
    else if (result.status === 422 && /role/.test(result.data.error || "")) say("role", result.data.error, form.querySelector("input[name=role]"));
    else say("other", result.data.error || `The room said no (${result.status}).`);
  });
})();
