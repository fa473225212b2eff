"use strict";
(() => {
  // Back from the room brings this page out of the browser's cache: ask the server again,
  // which sends a phone that has joined straight back to the room.
  window.addEventListener("pageshow", (event) => { if (event.persisted) window.location.reload(); });
  const form = document.getElementById("join-form");
  const error = document.getElementById("join-error");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const role = form.querySelector("input[name=role]:checked");
    if (!form.code.value.trim()) { error.textContent = "Type the room code shown on the projector."; form.code.focus(); return; }
    if (!role) { error.textContent = "Pick your role."; form.querySelector("input[name=role]").focus(); return; }
    error.textContent = "";
    let result;
    try {
      result = await Room.postJSON("/join", { code: form.code.value, role: role.value, nickname: form.nickname.value, team: form.team.value });
    } catch (failure) {
      error.textContent = "Cannot reach the room. Are you on the room's Wi-Fi?";
      return;
    }
    if (result.ok && result.data.already) {
      error.textContent = "This phone is already in the room: taking you back to it.";
      window.location.assign(result.data.go);
    } else if (result.ok) window.location.assign(result.data.go);
    else error.textContent = result.data.error || `The room said no (${result.status}).`;
  });
})();
