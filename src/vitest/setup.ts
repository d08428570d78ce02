/** Setup file of the load project: registers `toMeetBudgets`. */
import './budget-matcher.ts'
import './provided.ts'
