-- Posts a realistic text-message report (as a real client writes it) to the event URL.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"data":{"action":"reportTextMessage","cwxid":"wxid_bench","data":{"msg":{"msgType":"1","myMsg":"0","roomWxid":null,"wxidFrom":"wxid_friend","wxidTo":"wxid_bench","message":"benchmark message \238\129\140 [微笑]"}}}}'
