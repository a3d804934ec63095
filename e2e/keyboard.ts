import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Moves the focus with Tab (or Shift+Tab) until `target` has it, as a keyboard user would; fails if it
 * never gets there, e.g. because the control cannot be reached without a mouse.
 */
export async function tabTo(page: Page, target: Locator, { backwards = false, max = 150 } = {}) {
  await expect(target).toBeVisible();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    if (await target.evaluate((el) => el === document.activeElement)) break;
  }
  await expect(target, `reached with ${backwards ? 'Shift+Tab' : 'Tab'}`).toBeFocused({ timeout: 1 });
}

/**
 * Chooses an option of the focused select by typing the start of its text (the browser's type-ahead),
 * then checks the value it chose. No spaces: a space may open the list instead.
 */
export async function chooseByTyping(page: Page, select: Locator, typed: string, expected = typed) {
  await expect(select).toBeFocused();
  await page.keyboard.type(typed);
  await expect(select).toHaveValue(expected);
}
