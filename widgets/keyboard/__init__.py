"""The on-screen keyboard: layouts, the pinyin and handwriting engines, the date picker."""
