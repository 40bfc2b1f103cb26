-- wrk script for the account list benchmark: every request combines a text search, a filter
-- and a sort, cycling through a fixed list so that the run is repeatable.
local paths = {
  "/api/v1/accounts?q=kone&status=customer&sort=name",
  "/api/v1/accounts?q=lahden&status=customer&sort=-revenue",
  "/api/v1/accounts?q=rauta&owner=Mikko%20Lahtinen&sort=name",
  "/api/v1/accounts?q=oy&status=prospect&sort=-updated",
  "/api/v1/accounts?q=tampere&tag=avainasiakas&sort=name",
  "/api/v1/accounts?q=sahko&status=customer&sort=-name",
  "/api/v1/accounts?q=ku&status=former&sort=revenue",
  "/api/v1/accounts?q=pohjolan%20kone&status=customer&sort=name",
}
-- Every request carries the benchmark user's API token.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("ARVO_TOKEN")
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
